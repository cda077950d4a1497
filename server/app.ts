import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { WebSocketServer } from 'ws'
import type { Config } from './config.ts'
import type { Logger } from './log.ts'
import type { Db } from './storage/db.ts'
import { createSqliteDocumentStore, type DocumentStore } from './storage/updates.ts'
import { createWorkerDocumentStore } from './storage/document-writer.ts'
import { createUserRows } from './storage/users.ts'
import { createSessionRows } from './storage/sessions.ts'
import { sqliteSql, type SqlDb } from './storage/sql/open.ts'
import { createSituationRows } from './storage/situations.ts'
import { rememberOpenSituations } from './extensions/open-situations.ts'
import { createClientBindingRows } from './storage/client-bindings.ts'
import { createVersionRows } from './storage/versions.ts'
import { createAuditRows, type AuditEvent } from './storage/audit.ts'
import { createConsentRows } from './storage/consent.ts'
import { createInvitationRows } from './storage/invitations.ts'
import { createPlanActionRows } from './storage/plan-actions.ts'
import { createRecordRows } from './storage/records.ts'
import { createMeetingRows } from './storage/meetings.ts'
import { createRequestRows } from './storage/requests.ts'
import { createServiceRows } from './storage/services.ts'
import { createIdentityRows } from './storage/person-identity.ts'
import { createRetentionRows } from './storage/retention.ts'
import { readArchiveGraceDays, readRetentionYears } from './domain/retention-policy.ts'
import { runRetention, ServedElsewhere } from './domain/retention.ts'
import { intakeRoutes } from './http/intake.ts'
import { serviceRoutes } from './http/services.ts'
import { myDataRoutes } from './http/my-data.ts'
import { auditExportRoutes } from './http/audit-export.ts'
import { createServerState } from './storage/server-state.ts'
import { createOutboxRows } from './storage/outbox.ts'
import { createMailer, type Mailer } from './mail/index.ts'
import { createAccess } from './auth/access.ts'
import { closeSessionConnections } from './domain/revocation.ts'
import { applyAnnouncedRevocation } from './domain/announced-revocation.ts'
import { recheckLiveConnections } from './domain/live-recheck.ts'
import { createSessions } from './auth/sessions.ts'
import { createLoginThrottle } from './auth/rate-limit.ts'
import { createRoomRegistry } from './sync/rooms.ts'
import type { LiveDocuments } from './domain/live-documents.ts'
import { meetingTimelineEntries } from './domain/meeting-timeline.ts'
import type { Extension } from './sync/extension.ts'
import { persistExtension } from './extensions/persist.ts'
import { authorizeExtension } from './extensions/authorize.ts'
import { documentRulesExtension } from './rules/extension.ts'
import { documentName } from '../shared/schema/roots.ts'
import { auditExtension } from './extensions/audit.ts'
import { projectExtension } from './extensions/project.ts'
import { needsProjectionExtension } from './extensions/needs-projection.ts'
import { createTerritoryNeedRows } from './storage/territory-needs.ts'
import { createPilotRightRows } from './storage/territory-pilots.ts'
import { createTerritoryDashboardRows } from './storage/territory-dashboard.ts'
import { loadCommunes } from './domain/territory-communes.ts'
import { territoryRoutes } from './http/territories.ts'
import { communeRoutes } from './http/communes.ts'
import { displayCopiesExtension } from './extensions/display-copies.ts'
import { attendanceExtension } from './extensions/attendance.ts'
import { createFollowUp } from './jobs/follow-up.ts'
import { createJobRows } from './storage/jobs.ts'
import { createProgressRows } from './storage/progress.ts'
import { createCoEvaluationRows } from './storage/co-evaluations.ts'
import { createUserPreferenceRows } from './storage/user-preferences.ts'
import { createReminderMailRows } from './storage/reminder-mails.ts'
import { createFollowUpReads } from './storage/follow-up-reads.ts'
import { todoRoutes } from './http/todo.ts'
import { progressRoutes } from './http/progress.ts'
import { coEvaluationRoutes } from './http/co-evaluation.ts'
import { stageRoutes } from './http/stage.ts'
import { easyMinutesRoutes } from './http/co-evaluation-easy-minutes.ts'
import type { AppEnv } from './http/context.ts'
import { onError } from './http/errors.ts'
import { originCheck } from './http/origin.ts'
import { securityHeaders } from './http/security-headers.ts'
import { requestLog } from './http/request-log.ts'
import { loadSession } from './http/session.ts'
import { trustProxy } from './http/remote-address.ts'
import { authRoutes } from './http/auth.ts'
import { situationRoutes } from './http/situations.ts'
import { versionRoutes } from './http/versions.ts'
import { fhirRoutes } from './http/fhir.ts'
import { syncRoutes } from './http/sync.ts'
import { staticRoutes } from './http/static.ts'
import { memberRoutes } from './http/members.ts'
import { consentRoutes } from './http/consent.ts'
import { auditRoutes } from './http/audit.ts'
import { invitationRoutes } from './http/invitations.ts'
import { accountRoutes } from './http/account.ts'
import { oidcRoutes } from './http/oidc.ts'
import { createOidcRows } from './storage/oidc.ts'
import { createOidcRelyingParty } from './auth/oidc.ts'
import { myActionsRoutes } from './http/my-actions.ts'
import { recordRoutes } from './http/records.ts'
import { meetingRoutes } from './http/meetings.ts'
import type { ClusterNode } from './cluster/node.ts'
import { situationGate } from './cluster/situation-gate.ts'
import { CloseCode } from '../shared/protocol/close-codes.ts'
import { parseDocumentName } from '../shared/protocol/document-key.ts'

export interface AppDeps {
  config: Config
  db: Db
  log: Logger
  /** The mail layer; by default built from SMTP_URL / MAIL_FROM (outbox without SMTP). */
  mailer?: Mailer
  /** Cluster mode (STORE=postgres, server/cluster/node.ts): documents in PostgreSQL, served only while this node owns their situation. */
  cluster?: ClusterNode
  /**
   * The one asynchronous data layer (docs/decisions/018): PostgreSQL with STORE=postgres (main.ts opens it);
   * by default Kysely over `db` itself. Sessions live there so far.
   */
  sql?: SqlDb
}

/**
 * The composition root: the only file that imports every folder. Builds the
 * storage, the sync extensions in order, the room registry and the Hono app.
 */
export function createApp({ config, db, log, mailer: givenMailer, cluster, sql = sqliteSql(db) }: AppDeps) {
  // Cluster mode: persist writes under this node's claims; creation, import and seed take a new situation's claim first.
  // DOC_WRITER=worker: the log's commits leave the event loop (docs/decisions/019); not in cluster mode, whose documents are in PostgreSQL.
  const documentWriter =
    !cluster && config.docWriter === 'worker'
      ? createWorkerDocumentStore(db, {
          durability: config.durability,
          onError: (reason) => log.error(reason),
        })
      : undefined
  const store: DocumentStore = cluster?.creatingStore ?? documentWriter ?? createSqliteDocumentStore(db)
  /** After the rooms' last appends, before the connection closes: waits for the worker's acknowledgements and ends it. */
  const closeDocumentWriter = async () => {
    await documentWriter?.close()
  }
  const users = createUserRows(sql)
  // The rules check asks on every update whether the situation is open: read when a document loads, written through with the status.
  const openSituations = rememberOpenSituations(createSituationRows(sql))
  const situations = openSituations.rows
  const bindings = createClientBindingRows(sql)
  const versions = createVersionRows(sql)
  const sessions = createSessions(createSessionRows(sql))
  const audit = createAuditRows(sql)
  const consent = createConsentRows(sql)
  const invitations = createInvitationRows(sql)
  const access = createAccess({ situations, consent })
  const planActions = createPlanActionRows(sql)
  const records = createRecordRows(sql)
  const meetings = createMeetingRows(sql)
  const requests = createRequestRows(sql)
  const services = createServiceRows(sql)
  const identities = createIdentityRows(sql)
  const retentionYears = readRetentionYears()
  const archiveGraceDays = readArchiveGraceDays()
  const serverState = createServerState(sql)
  // Read on the first connection and kept: only `npm run restore`, with the server stopped, writes it.
  let restoredAt: string | null | undefined
  const outbox = createOutboxRows(sql)
  const mailer = givenMailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outbox, log })

  const project = projectExtension({ rows: planActions, log })
  const pilots = createPilotRightRows(sql)
  const needsProjection = needsProjectionExtension({ rows: createTerritoryNeedRows(sql), log })
  const persist = persistExtension({ store: cluster?.store ?? store, log, compactAfter: config.compactAfter, logToSnapshotRatio: config.compactLogRatio, bindings })
  // Order matters: authorize loads bindings after persist filled the document;
  // on an update, authorize decides before persist stores.
  // The document-rules check runs before authorize: a refused update binds no client id.
  const documentRules = documentRulesExtension({
    bindings,
    log,
    isOpen: openSituations.isOpen,
    liveDoc: (docName) => rooms.get(docName)?.doc,
    planState: async (situationId) => (await rooms.encodeStates([documentName(situationId, 'plan')]))[0]!,
  })
  const extensions: Extension[] = [persist, openSituations.extension, documentRules, authorizeExtension({ bindings }), auditExtension({ audit, log }), project, needsProjection,
    displayCopiesExtension({ situations, records }),
    attendanceExtension({ meetings, situations, log }),
  ]
  const rooms = createRoomRegistry({
    extensions,
    log,
    unloadDelayMs: config.unloadDelayMs,
    admit: cluster?.serve,
    // A revocation applied here is announced to the other nodes, which re-read the rights themselves.
    announce: cluster
      ? (revocation) =>
          void cluster.control.publish(revocation).catch((error) =>
            log.warn('revocation not announced; the other nodes find it at their next re-check', { type: revocation.type, error: (error as Error).message }),
          )
      : undefined,
  })
  if (cluster) {
    // A lost lease drops the situation's three rooms; a claim with no room loaded and no call for a while is given up.
    cluster.onLost((situationId) => rooms.discardSituation(situationId, CloseCode.ownershipMoved, 'situation moved to another node'))
    cluster.useSituations((situationId) => rooms.loadedNames().some((name) => parseDocumentName(name)?.situationId === situationId))
  }
  // The use cases reach live documents only through domain/live-documents.ts, which the registry
  // implements as it stands. R2 (sync core): if the registry's methods change, adapt here, not in domain.
  const liveDocuments: LiveDocuments = rooms
  if (cluster) {
    cluster.control.subscribe((message, from) => {
      // Ownership messages are the cluster node's (server/cluster/node.ts); the rest are revocations.
      if (from === cluster.nodeId || message.type === 'ownership-moved' || message.type === 'ownership-wanted') return
      applyAnnouncedRevocation({ rooms: liveDocuments, access }, message).catch((error) =>
        log.warn('announced revocation not applied; the next re-check applies it', { type: message.type, error: (error as Error).message }),
      )
    })
  }
  // Follow-up that runs itself (issue 18): stage rules, "À faire", progress, co-evaluation, reminder jobs (main.ts starts them).
  const followUpRows = {
    jobs: createJobRows(sql),
    progress: createProgressRows(sql),
    coEvaluations: createCoEvaluationRows(sql),
    preferences: createUserPreferenceRows(sql),
    reminderMails: createReminderMailRows(sql),
    reads: createFollowUpReads(sql),
    within: (trx: SqlDb) => ({ jobs: createJobRows(trx), reminderMails: createReminderMailRows(trx), outbox: createOutboxRows(trx) }),
  }
  const followUp = createFollowUp({ sql, rows: followUpRows, situations, records, audit, access, planActions, users, rooms: liveDocuments, meetings, mailer, outbox, log, linkOrigin: config.publicOrigin ?? `http://${config.host}:${config.port}` })

  const app = new Hono<AppEnv>()
  // The callbacks below are synchronous (error handler, origin check, login hooks, upgrade refusals) and do
  // not wait for the row: as in the audit extension, a row that cannot be stored goes to the log, loudly.
  const appendOrLog = (event: AuditEvent): void => {
    audit.append(event).catch((error: unknown) => log.error('AUDIT ROW NOT STORED; recorded here instead', { audit: event, error: (error as Error).message }))
  }
  app.onError(onError(log, (event) => appendOrLog(event)))
  app.use('*', requestLog(log))
  app.use('*', securityHeaders())
  // Before the origin check, so a refusal is audited with the client's address.
  if (config.trustProxy) app.use('*', trustProxy())
  app.use('*', originCheck({ publicOrigin: config.publicOrigin, refused: (event) => appendOrLog(event) }))
  app.use('/api/*', bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.json({ error: 'request body too large' }, 413) }))
  app.use('*', loadSession({ sessions, users, publicOrigin: config.publicOrigin }))

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  if (cluster) {
    // A member's call about a situation is answered by its owner only (503 + Retry-After elsewhere).
    const gate = situationGate<AppEnv>({
      serve: cluster.serve,
      log,
      situationOf: async (c) => {
        const id = c.req.param('id')
        const user = c.get('user')
        return id && user && (await access.context(id, user.id))?.member ? id : null
      },
    })
    app.use('/api/situations/:id', gate)
    app.use('/api/situations/:id/*', gate)
  }
  // Failed logins and wrong passwords at an invitation, per (account, address) pair.
  const throttle = createLoginThrottle()
  app.route(
    '/api',
    authRoutes({
      users,
      sessions,
      publicOrigin: config.publicOrigin,
      throttle,
      oidcLabel: config.oidc?.label ?? null,
      onLogin: ({ userId, address }) => appendOrLog({ situationId: null, userId, action: 'login', address }),
      onLogout: ({ userId, sessionId, address }) => {
        closeSessionConnections(liveDocuments, { sessionId })
        appendOrLog({ situationId: null, userId, action: 'logout', address })
      },
    }),
  )
  app.route('/api', myActionsRoutes({ situations, access, planActions }))
  app.route('/api', todoRoutes({ situations, access, planActions, ...followUp }))
  app.route('/api', progressRoutes({ situations, access, planActions, audit, records, ...followUp }))
  app.route('/api', coEvaluationRoutes({ access, audit, rooms: liveDocuments, users, coEvaluations: followUp.coEvaluations }))
  app.route('/api', stageRoutes({ access, ...followUp.stageDeps }))
  app.route('/api', easyMinutesRoutes({ meetings, situations, records, users, audit, versions, rooms: liveDocuments, access, coEvaluations: followUp.coEvaluations, ...followUp.versionHooks }))
  app.route('/api', territoryRoutes({ pilots, audit, dashboard: createTerritoryDashboardRows(sql), communes: loadCommunes }))
  app.route('/api', communeRoutes({ communes: loadCommunes }))
  const oidc = createOidcRows(sql)
  const oidcProvider = config.oidc ? { issuer: config.oidc.issuer, label: config.oidc.label } : null
  app.route('/api', accountRoutes({ users, sessions, situations, audit, rooms: liveDocuments, invitations, oidc, oidcProvider, publicOrigin: config.publicOrigin, emailChange: { users, invitations, audit, mailer, serverState } }))
  if (config.oidc) {
    const rp = createOidcRelyingParty(config.oidc)
    app.route('/api', oidcRoutes({ rp, oidc, sql, invitations, users, situations, audit, sessions, publicOrigin: config.publicOrigin, onLogin: ({ userId, address }) => appendOrLog({ situationId: null, userId, action: 'login.sso', address }) }))
  }
  app.route('/api', invitationRoutes({ sql, invitations, users, situations, audit, access, sessions, rooms: liveDocuments, publicOrigin: config.publicOrigin, mailer, outbox, throttle }))
  app.route('/api', situationRoutes({ situations, store, bindings, access, audit, planActions, meetings, records, identities, retentionYears }))
  app.route('/api', intakeRoutes({ situations, store, bindings, requests, services, identities, records, audit, users, consent }))
  app.route('/api', serviceRoutes({ services }))
  app.route('/api', myDataRoutes({ situations, identities, versions, meetings, records, consent, audit, users, rooms: liveDocuments, access, retentionYears }))
  app.route('/api', auditExportRoutes({ access, audit, situations, users }))
  app.route('/api', memberRoutes({ ...followUp.memberHooks, situations, audit, rooms: liveDocuments, access, users, sql, invitations, mailer, publicOrigin: config.publicOrigin }))
  app.route('/api', consentRoutes({ access, consent, audit, rooms: liveDocuments, situations }))
  app.route('/api', auditRoutes({ access, audit }))
  app.route('/api', versionRoutes({ ...followUp.versionHooks, access, versions, rooms: liveDocuments, records, situations, users, audit, meetings }))
  app.route('/api', fhirRoutes({ access, versions, situations, records, users, meetings, audit, rooms: liveDocuments, store, bindings, identities }))
  const connectedUsers = (situationId: string) =>
    rooms.connections().flatMap((connection) => (connection.principal.situationId === situationId ? [connection.principal.userId] : []))
  app.route('/api', meetingRoutes({ ...followUp.versionHooks, meetings, situations, records, users, audit, versions, rooms: liveDocuments, access, connectedUsers }))
  app.route(
    '/api',
    recordRoutes({
      ...followUp.recordHooks,
      access,
      records,
      situations,
      audit,
      versions,
      bindings,
      planActions,
      rooms: liveDocuments,
      timelineSources: [meetingTimelineEntries(meetings)],
    }),
  )
  app.route(
    '/',
    syncRoutes({
      access,
      rooms,
      log,
      restoredAt: async () => {
        if (restoredAt === undefined) restoredAt = await serverState.get('restoredAt')
        return restoredAt === null ? null : Number(restoredAt)
      },
      invalidateSession: (sessionId) => sessions.invalidate(sessionId),
      auditRefusal: (event) => appendOrLog(event),
      serveSituation: cluster?.serve,
    }),
  )
  app.route('/', staticRoutes({ clientDir: config.clientDir }))

  // perMessageDeflate off: Yjs updates are small and compressing each costs CPU per recipient.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes, perMessageDeflate: false })

  /** One run of the retention job (server/jobs/retention.ts runs it daily, started in main.ts). */
  // Cluster mode: the documents are erased under the situation's ownership, taken first, so a node still
  // serving it drops its copy (ownership moved) rather than write an erased document back; held elsewhere, the next run.
  const erasingDocuments = cluster
    ? {
        eraseSituation: async (situationId: string) => {
          if (!(await cluster.serve(situationId))) throw new ServedElsewhere(`situation ${situationId} is served by another node`)
          return cluster.store.eraseSituation(situationId)
        },
      }
    : store
  const retention = { run: (now?: Date) => runRetention({ retention: createRetentionRows(sql), documents: erasingDocuments, audit, rooms: liveDocuments, years: retentionYears, archiveGraceDays }, now) }

  /** Cluster mode: one re-check of this node's live connections (server/jobs/live-recheck.ts runs it, started in main.ts). */
  const recheckLive = () => recheckLiveConnections({ rooms: liveDocuments, access, sessionExists: (sessionId) => sessions.exists(sessionId) })

  return { closeDocumentWriter, sql, recheckLive, followUp, retention, requests, services, identities, throttle, mailer, outbox, app, wss, db, rooms, store, users, situations, bindings, versions, sessions, persist, audit, consent, invitations, access, project, planActions, records, meetings, pilots, needsProjection }
}
export type ConcertoApp = ReturnType<typeof createApp>

