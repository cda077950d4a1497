/**
 * deploy/nginx.conf templated for a local cluster: the listen port and the
 * nodes' ports replaced, the `pid` and `error_log` lines left to the command
 * line (`-g`, so that nothing is written outside the prefix), and a response
 * header naming the upstreams nginx tried (`X-Concerto-Upstream`: the first
 * is the situation's node on the ring), which the trials read to tell the
 * ring's first choice from the current owner. Everything else is the shipped
 * file, so the trials exercise its routing and retry rules.
 */
export interface NginxTemplateOptions {
  listenPort: number
  nodePorts: readonly number[]
  /** Running as root: workers run as root too, so they can use the private prefix directory. */
  asRoot?: boolean
}

const replaceOnce = (text: string, pattern: RegExp, replacement: string, what: string): string => {
  if (!pattern.test(text)) throw new Error(`deploy/nginx.conf changed: ${what} not found`)
  return text.replace(pattern, replacement)
}

export function templateNginxConfig(template: string, { listenPort, nodePorts, asRoot = false }: NginxTemplateOptions): string {
  let conf = template
  conf = replaceOnce(conf, /^pid .*;\n/m, '', 'the pid line')
  conf = replaceOnce(conf, /^error_log .*;\n/m, asRoot ? 'user root;\n' : '', 'the error_log line')
  conf = replaceOnce(
    conf,
    /^(\s*)server 127\.0\.0\.1:\d+ max_fails=0;\n(?:\s*server 127\.0\.0\.1:\d+ max_fails=0;\n)*/m,
    nodePorts.map((port) => `    server 127.0.0.1:${port} max_fails=0;\n`).join(''),
    'the upstream servers',
  )
  conf = replaceOnce(conf, /listen 127\.0\.0\.1:\d+;/, `listen 127.0.0.1:${listenPort};`, 'the listen line')
  conf = replaceOnce(conf, /server_name _;\n/, 'server_name _;\n    add_header X-Concerto-Upstream $upstream_addr always;\n', 'server_name')
  return conf
}
