import { useEffect, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchSituation } from '../api/situations.ts'
import { ApiError } from '../api/http.ts'
import type { SituationDetail } from '../api/types.ts'
import { clearLocalCopies } from '../collab/local-copies.ts'
import { Button, Notice, Spinner } from '../ui/primitives.tsx'

type PageState = { status: 'loading' } | { status: 'notFound' } | { status: 'error' } | { status: 'ready'; situation: SituationDetail }

/** Loads one situation (membership and rights), then renders its page; a 404 also clears this device's copies of it. */
export function SituationLoader({ situationId, children }: { situationId: string; children: (situation: SituationDetail) => ReactNode }) {
  const { t } = useTranslation()
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let live = true
    setState({ status: 'loading' })
    fetchSituation(situationId).then(
      (situation) => live && setState({ status: 'ready', situation }),
      (error: unknown) => {
        if (!live) return
        const notFound = error instanceof ApiError && error.status === 404
        if (notFound) void clearLocalCopies({ situationId })
        setState({ status: notFound ? 'notFound' : 'error' })
      },
    )
    return () => {
      live = false
    }
  }, [situationId, attempt])

  if (state.status === 'loading')
    return (
      <main id="main" className="page">
        <Spinner label={t('app.loading')} />
      </main>
    )
  if (state.status === 'notFound')
    return (
      <main id="main" className="page">
        <h1>{t('app.name')}</h1>
        <Notice tone="error">{t('situation.notFound')}</Notice>
        <p>
          <a href="#/">{t('app.back')}</a>
        </p>
      </main>
    )
  if (state.status === 'error')
    return (
      <main id="main" className="page">
        <h1>{t('app.name')}</h1>
        <Notice tone="error" action={<Button onClick={() => setAttempt((n) => n + 1)}>{t('app.retry')}</Button>}>
          {t('situation.loadError')}
        </Notice>
      </main>
    )
  return <>{children(state.situation)}</>
}
