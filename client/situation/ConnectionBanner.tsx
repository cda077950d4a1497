import { useTranslation } from 'react-i18next'
import type { ConnectionStatus } from '../collab/connection-status.ts'
import { Button } from '../ui/primitives.tsx'

/** The connection state, always visible; a closed connection explains itself in French. */
export function ConnectionBanner({ status, onLogin }: { status: ConnectionStatus; onLogin: () => void }) {
  const { t } = useTranslation()
  let tone: 'ok' | 'busy' | 'warn' | 'error'
  let text: string
  let action = null
  switch (status.state) {
    case 'connected':
      tone = 'ok'
      text = t('connection.connected')
      break
    case 'connecting':
      tone = 'busy'
      text = t('connection.connecting')
      break
    case 'reconnecting':
      tone = 'warn'
      text = status.cause === 'storage' ? t('connection.storageUnavailable') : status.cause === 'restart' ? t('connection.restarting') : t('connection.reconnecting')
      break
    case 'offline':
      tone = 'warn'
      text = t('connection.offline')
      break
    case 'closed':
      tone = 'error'
      text = status.reason === 'other' ? t('connection.closed.other', { code: status.code }) : t(`connection.closed.${status.reason}`)
      action =
        status.reason === 'unauthenticated' ? (
          <Button variant="primary" onClick={onLogin}>
            {t('connection.login')}
          </Button>
        ) : status.reason === 'notFound' || status.reason === 'accessRevoked' ? null : (
          <Button onClick={() => window.location.reload()}>{t('connection.reload')}</Button>
        )
      break
  }
  return (
    <div className={`connection connection-${tone}`} role={tone === 'error' ? 'alert' : 'status'} aria-label={t('connection.status')} data-connection={status.state}>
      <span className="connection-dot" aria-hidden="true" />
      <span>{text}</span>
      {action}
    </div>
  )
}
