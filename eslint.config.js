// ESLint: the server's layers as import boundaries, plus a small base.
// The layer rule is stated in docs/architecture.md ("Layers"); this file is
// what makes it true. Kept free of type-aware rules so `npm run lint` stays
// fast (no TypeScript program is built).
import tseslint from 'typescript-eslint'
import boundaries from 'eslint-plugin-boundaries'
import reactHooks from 'eslint-plugin-react-hooks'

// One element type per folder of the server. Order matters: the first pattern
// that matches a file decides its type (server/http/sync.ts before server/http).
const elements = [
  { type: 'shared', pattern: 'shared/**', mode: 'full' },
  { type: 'base', pattern: ['server/config.ts', 'server/log.ts'], mode: 'full' },
  { type: 'storage', pattern: 'server/storage/**', mode: 'full' },
  { type: 'sync', pattern: 'server/sync/**', mode: 'full' },
  { type: 'export', pattern: 'server/export/**', mode: 'full' },
  { type: 'mail', pattern: 'server/mail/**', mode: 'full' },
  { type: 'auth', pattern: 'server/auth/**', mode: 'full' },
  // The use cases' error (status + message, imports nothing): thrown by auth and domain, mapped by http's onError.
  { type: 'domain-error', pattern: 'server/domain/errors.ts', mode: 'full' },
  { type: 'domain', pattern: 'server/domain/**', mode: 'full' },
  { type: 'rules', pattern: 'server/rules/**', mode: 'full' },
  { type: 'extensions', pattern: 'server/extensions/**', mode: 'full' },
  // The WebSocket upgrade is the one route that hands a socket to sync.
  { type: 'http-upgrade', pattern: 'server/http/sync.ts', mode: 'full' },
  { type: 'http', pattern: 'server/http/**', mode: 'full' },
  { type: 'jobs', pattern: 'server/jobs/**', mode: 'full' },
  // Cluster mode (issue 21): situation ownership and the control channel, over storage/postgres.
  { type: 'cluster', pattern: 'server/cluster/**', mode: 'full' },
  // The composition root and the process entry may import every folder.
  {
    type: 'app',
    pattern: ['server/app.ts', 'server/main.ts', 'server/demo-gate.ts', 'server/seed/**'],
    mode: 'full',
  },
]

// Who may import whom. Everything not listed is refused (default: disallow).
// shared ← storage, sync, export, mail ← auth, domain ← rules, extensions,
// http, jobs ← app. http and jobs never import storage; domain never imports sync.
const layerRules = [
  { from: 'shared', allow: ['shared'] },
  { from: 'base', allow: ['base', 'shared'] },
  { from: 'storage', allow: ['storage', 'shared', 'base'] },
  { from: 'sync', allow: ['sync', 'shared', 'base'] },
  // Pure renderers over plain models: no use cases, and rows only as the shapes of plain data (type imports).
  { from: 'export', allow: ['export', 'shared', 'base'] },
  { from: 'export', allow: ['storage'], importKind: 'type' },
  { from: 'mail', allow: ['mail', 'storage', 'shared', 'base'] },
  { from: 'domain-error', allow: [] },
  { from: 'auth', allow: ['auth', 'domain-error', 'storage', 'shared', 'base'] },
  // Use cases: rows through storage, live documents through the interface
  // domain owns (domain/live-documents.ts), never sync itself.
  { from: 'domain', allow: ['domain', 'domain-error', 'storage', 'auth', 'mail', 'export', 'shared', 'base'] },
  { from: 'rules', allow: ['rules', 'sync', 'storage', 'shared', 'base'] },
  { from: 'extensions', allow: ['extensions', 'rules', 'sync', 'domain', 'domain-error', 'auth', 'storage', 'shared', 'base'] },
  // Routes are thin: validate → domain → c.json. Never storage, never sync.
  { from: 'http', allow: ['http', 'domain', 'domain-error', 'auth', 'shared', 'base'] },
  { from: 'http-upgrade', allow: ['http', 'sync', 'domain', 'domain-error', 'auth', 'shared', 'base'] },
  // Jobs run use cases on a timer: their tables come built from app.ts, typed through domain/stores.ts, never storage itself.
  { from: 'jobs', allow: ['jobs', 'domain', 'domain-error', 'auth', 'mail', 'shared', 'base'] },
  { from: 'cluster', allow: ['cluster', 'storage', 'shared', 'base'] },
  { from: 'app', allow: ['*'] },
]

// The client's folders (docs/decisions/015). `app` (the shell: routes, session, hrefs, i18n setup)
// may import everything; a feature imports the shells (situation, collab, editor, api, ui, i18n),
// the app's services (hrefs, router, session, i18n helpers: never App.tsx or a page of app/) and
// shared/, and never another feature: what two features share moves to a shell, or the page that
// shows both is composed in app/ (VersionsRoute receives the plan's sections from App.tsx). No
// exceptions: the list that once named the files still crossing over is gone (issue 16).
const CLIENT_FEATURES = ['plan', 'person', 'meeting', 'versions', 'easy', 'intake', 'circle', 'account', 'audit', 'situations', 'observatory', 'todo']
const clientElements = [
  { type: 'shared', pattern: 'shared/**', mode: 'full' },
  // The app's pages and routers (App.tsx, LoginPage.tsx, FrontDoorRoute.tsx: PascalCase) import features: no feature imports them back.
  { type: 'client-entry', pattern: ['client/main.tsx', 'client/app/[A-Z]*.tsx'], mode: 'full' },
  { type: 'client-app', pattern: 'client/app/**', mode: 'full' },
  ...['situation', 'collab', 'editor', 'api', 'ui', 'i18n'].map((shell) => ({ type: `client-${shell}`, pattern: `client/${shell}/**`, mode: 'full' })),
  { type: 'client-feature', pattern: `client/(${CLIENT_FEATURES.join('|')})/**`, mode: 'full', capture: ['feature'] },
]
const clientShells = ['client-situation', 'client-collab', 'client-editor', 'client-api', 'client-ui', 'client-i18n', 'shared']
const clientRules = [
  { from: 'client-entry', allow: ['*'] },
  { from: 'client-app', allow: ['*'] },
  { from: 'client-situation', allow: [...clientShells, 'client-app'] },
  { from: 'client-editor', allow: ['client-editor', 'client-collab', 'client-ui', 'client-i18n', 'shared'] },
  { from: 'client-collab', allow: ['client-collab', 'client-api', 'shared'] },
  { from: 'client-api', allow: ['client-api', 'shared'] },
  { from: 'client-ui', allow: ['client-ui', 'client-i18n', 'shared'] },
  { from: 'client-i18n', allow: ['client-i18n', 'shared'] },
  { from: 'client-feature', allow: [...clientShells, 'client-app', ['client-feature', { feature: '{{ from.feature }}' }]] },
]

const clientBoundaries = {
  files: ['client/**/*.{ts,tsx}'],
  languageOptions: {
    parser: tseslint.parser,
    ecmaVersion: 2022,
    sourceType: 'module',
    parserOptions: { ecmaFeatures: { jsx: true } },
  },
  plugins: { '@typescript-eslint': tseslint.plugin, boundaries, 'react-hooks': reactHooks },
  settings: {
    'boundaries/elements': clientElements,
    'boundaries/include': ['client/**/*.{ts,tsx}', 'shared/**/*.ts'],
    'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
  },
  rules: {
    // typescript-eslint's recommended set (syntax only, no type information: as fast as the server's lint).
    ...Object.assign({}, ...tseslint.configs.recommended.map((config) => config.rules ?? {})),
    // The rules of hooks (an error) and their dependency lists (a warning, as React ships them).
    'react-hooks/rules-of-hooks': 'error',
    'react-hooks/exhaustive-deps': 'warn',
    'boundaries/element-types': [
      'error',
      {
        default: 'disallow',
        message:
          'Client boundary (docs/decisions/015): ${file.type} may not import ${dependency.type} (${dependency.source}); a feature imports the shells, the app services and shared/, never another feature',
        rules: clientRules,
      },
    ],
    'boundaries/no-unknown-files': 'error',
  },
}

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '**/*.test.ts', '**/*.test.tsx', 'test/**', '**/*.cjs', '**/*.tmp'],
  },
  {
    files: ['server/**/*.ts', 'shared/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 2022,
      sourceType: 'module',
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin, boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/include': ['server/**/*.ts', 'shared/**/*.ts'],
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
    },
    rules: {
      // A minimal sane base: mistakes, not style.
      'no-debugger': 'error',
      'no-dupe-keys': 'error',
      'no-duplicate-case': 'error',
      'no-self-assign': 'error',
      'no-unreachable': 'error',
      'no-unsafe-finally': 'error',
      '@typescript-eslint/no-duplicate-enum-values': 'error',
      // The layers.
      'boundaries/element-types': [
        'error',
        {
          default: 'disallow',
          message:
            'Layer rule (docs/architecture.md): ${file.type} may not import ${dependency.type} (${dependency.source})',
          rules: layerRules,
        },
      ],
      'boundaries/no-unknown-files': 'error',
    },
  },
  // The client (docs/decisions/015): shells below, features beside each other, the app shell on top.
  clientBoundaries,
  // Inline type imports (`import('../storage/x.ts').Rows`) are not seen by the boundaries rule: the
  // same directions, for them.
  ...[
    { files: ['server/http/**/*.ts'], ignores: ['server/http/sync.ts'], to: 'storage|sync' },
    { files: ['server/domain/**/*.ts'], to: 'sync' },
    { files: ['server/jobs/**/*.ts'], to: 'storage' },
    { files: ['server/export/**/*.ts'], to: 'domain' },
  ].map(({ files, ignores, to }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `TSImportType[argument.literal.value=/(^|\\/)(${to})\\//]`,
          message: `Layer rule (docs/architecture.md): an inline type import may not reach ${to.replace('|', ' or ')}`,
        },
      ],
    },
  })),
)
