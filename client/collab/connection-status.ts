import { useEffect, useRef, useState } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import { CloseCode, DROP_LOCAL_COPY_CODES, isPermanentClose } from '../../shared/protocol/close-codes.ts'
import { refusalKind, type RefusalKind } from '../../shared/protocol/refusals.ts'
import { fetchMe } from '../api/auth.ts'
import { fetchSituation } from '../api/situations.ts'
import { ApiError } from '../api/http.ts'
import { clearLocalCopies, dropLocalCopyOf } from './local-copies.ts'

/** Why the connection stopped; a refused write says which kind of rule refused it (shared/protocol/refusals.ts). */
export type ClosedReason = 'unauthenticated' | 'notFound' | 'accessRevoked' | 'restoredFromBackup' | 'rateLimited' | RefusalKind | 'other'

export type ConnectionStatus =
  | { state: 'connecting' }
  /** Connected and the first sync is done. */
  | { state: 'connected' }
  | { state: 'reconnecting'; cause: 'network' | 'storage' | 'restart' }
  | { state: 'offline' }
  | { state: 'closed'; reason: ClosedReason; code: number }

const REASONS: Record<number, ClosedReason> = {
  [CloseCode.unauthenticated]: 'unauthenticated',
  [CloseCode.notFound]: 'notFound',
  [CloseCode.forbidden]: 'forbidden',
  [CloseCode.accessRevoked]: 'accessRevoked',
  [CloseCode.restoredFromBackup]: 'restoredFromBackup',
  [CloseCode.updateRejected]: 'rejected',
  [CloseCode.rateLimited]: 'rateLimited',
}

/** The reason of a permanent close: a refused write (4403, 4422) is told apart by its rule. */
const closedReason = (code: number, reason: string): ClosedReason => refusalKind(code, reason) ?? REASONS[code] ?? 'other'

/** A refused upgrade reaches the browser as 1006: ask the API why. */
async function diagnose(situationId: string): Promise<ClosedReason | 'offline' | 'retry'> {
  try {
    await fetchMe()
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return 'unauthenticated'
    return 'offline'
  }
  try {
    await fetchSituation(situationId)
    return 'retry'
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return 'notFound'
    if (error instanceof ApiError && error.status === 401) return 'unauthenticated'
    return 'retry'
  }
}

/**
 * The provider's state in words the UI can explain: connected, reconnecting
 * (network, storage unavailable, server restart), offline, or closed with a
 * reason. After a permanent refusal the provider is disconnected so nothing
 * is resent; `onClosed` lets the caller react (e.g. show the login page).
 */
export function useConnectionStatus(
  provider: WebsocketProvider | null,
  situationId: string,
  onClosed?: (reason: ClosedReason) => void,
): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>({ state: 'connecting' })
  const onClosedRef = useRef(onClosed)
  useEffect(() => {
    onClosedRef.current = onClosed
  })

  useEffect(() => {
    if (!provider) {
      setStatus({ state: 'connecting' })
      return
    }
    let live = true
    let diagnosing = false
    let lastCause: 'network' | 'storage' | 'restart' = 'network'
    const close = (reason: ClosedReason, code: number) => {
      provider.disconnect()
      // Access lost or the server's data replaced: this device's copy must go
      // (a logged-out browser keeps no one's documents).
      if (reason === 'unauthenticated') void clearLocalCopies()
      else if (reason === 'notFound' && code === 1006) void dropLocalCopyOf(provider).then(() => clearLocalCopies({ situationId }))
      else if (DROP_LOCAL_COPY_CODES.includes(code)) void dropLocalCopyOf(provider)
      setStatus({ state: 'closed', reason, code })
      onClosedRef.current?.(reason)
    }

    const onStatus = ({ status: next }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      if (!live) return
      if (next === 'connected') {
        if (provider.synced) setStatus({ state: 'connected' })
        return
      }
      setStatus((current) => (current.state === 'closed' || current.state === 'offline' ? current : current.state === 'connecting' ? current : { state: 'reconnecting', cause: lastCause }))
    }
    const onSync = (synced: boolean) => {
      if (live && synced) {
        lastCause = 'network'
        setStatus({ state: 'connected' })
      }
    }
    const onConnectionClose = (event: CloseEvent | null) => {
      if (!live || !event) return
      const code = event.code
      if (isPermanentClose(code)) {
        // A refused write was never stored: dropping the local copy (4403,
        // 4422) drops the change with it, so it is not resent on reload.
        close(closedReason(code, event.reason ?? ''), code)
        return
      }
      if (code === CloseCode.storageUnavailable) lastCause = 'storage'
      // A node handing the situation to another (cluster mode) looks like a restart to the user: it comes back by itself.
      else if (code === CloseCode.serviceRestart || code === CloseCode.ownershipMoved) lastCause = 'restart'
      else lastCause = 'network'
      if (code === 1006 && !diagnosing) {
        diagnosing = true
        void diagnose(situationId).then((verdict) => {
          diagnosing = false
          if (!live) return
          if (verdict === 'offline') setStatus({ state: 'offline' })
          else if (verdict === 'retry') setStatus((current) => (current.state === 'connected' || current.state === 'closed' ? current : { state: 'reconnecting', cause: 'network' }))
          else close(verdict, code)
        })
      }
      setStatus((current) => (current.state === 'closed' ? current : { state: 'reconnecting', cause: lastCause }))
    }
    const onOffline = () => live && setStatus((current) => (current.state === 'closed' ? current : { state: 'offline' }))
    const onOnline = () => {
      if (!live) return
      if (provider.shouldConnect && !provider.wsconnected) provider.connect()
    }

    provider.on('status', onStatus)
    provider.on('sync', onSync)
    provider.on('connection-close', onConnectionClose)
    window.addEventListener('offline', onOffline)
    window.addEventListener('online', onOnline)
    if (provider.synced) setStatus({ state: 'connected' })
    return () => {
      live = false
      provider.off('status', onStatus)
      provider.off('sync', onSync)
      provider.off('connection-close', onConnectionClose)
      window.removeEventListener('offline', onOffline)
      window.removeEventListener('online', onOnline)
    }
  }, [provider, situationId])

  return status
}

/** True once the document has received the server's state at least once. */
export function useSynced(provider: WebsocketProvider | null): boolean {
  const [synced, setSynced] = useState(() => provider?.synced ?? false)
  useEffect(() => {
    if (!provider) {
      setSynced(false)
      return
    }
    let ever = provider.synced
    setSynced(ever)
    const onSync = (value: boolean) => {
      if (value && !ever) {
        ever = true
        setSynced(true)
      }
    }
    provider.on('sync', onSync)
    return () => provider.off('sync', onSync)
  }, [provider])
  return synced
}
