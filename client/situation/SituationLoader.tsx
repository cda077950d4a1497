import type { ReactNode } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { SituationDetail } from '../api/types.ts'
import { Button, Notice, Spinner } from '../ui/primitives.tsx'
import { isNotFound, situationQuery } from './situation-query.ts'

/** Loads one situation (membership and rights), then renders its page; a 404 also clears this device's copies of it. */
export function SituationLoader({ situationId, children }: { situationId: string; children: (situation: SituationDetail) => ReactNode }) {
  const { t } = useTranslation()
  // Rights decide which parts a page connects to: a page never opens on a cached membership,
  // it waits for the answer read at mount (the cache still serves the other screens meanwhile).
  const situation = useQuery({ ...situationQuery(situationId), refetchOnMount: 'always' })

  if (situation.data && situation.isFetchedAfterMount) return <>{children(situation.data)}</>
  if (!situation.isFetchedAfterMount || situation.isFetching)
    return (
      <main id="main" className="page">
        <Spinner label={t('app.loading')} />
      </main>
    )
  if (isNotFound(situation.error))
    return (
      <main id="main" className="page">
        <h1>{t('app.name')}</h1>
        <Notice tone="error">{t('situation.notFound')}</Notice>
        <p>
          <a href="#/">{t('app.back')}</a>
        </p>
      </main>
    )
  return (
    <main id="main" className="page">
      <h1>{t('app.name')}</h1>
      <Notice tone="error" action={<Button onClick={() => void situation.refetch()}>{t('app.retry')}</Button>}>
        {t('situation.loadError')}
      </Notice>
    </main>
  )
}
