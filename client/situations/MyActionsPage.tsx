import { useEffect, type ReactNode } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { TriangleAlert } from 'lucide-react'
import { myActionsQuery } from '../api/situations.ts'
import { formatDate } from '../app/i18n.ts'
import { rowHref } from '../app/router.ts'
import { Badge, Button, Notice, Spinner } from '../ui/primitives.tsx'

const STATUS_TONE: Record<string, 'neutral' | 'blue' | 'green'> = { todo: 'neutral', doing: 'blue', done: 'green', dropped: 'neutral' }

/**
 * "Mes actions": every action I (or my organisation) carry, by due date, overdue ones marked; each opens its row in the plan.
 * `above`: what the shell shows first (the progress checks waiting for me, from client/todo), so features do not import each other.
 */
export function MyActionsPage({ above }: { above?: ReactNode }) {
  const { t, i18n } = useTranslation()
  const query = useQuery(myActionsQuery)
  const actions = query.data

  useEffect(() => {
    document.title = `${t('myActions.title')} — ${t('app.name')}`
  }, [t])

  return (
    <main id="main" className="page">
      <h1>{t('myActions.title')}</h1>
      <p className="muted">{t('myActions.intro')}</p>
      {above}
      {!actions && query.isFetching && <Spinner label={t('app.loading')} />}
      {!actions && query.isError && !query.isFetching && (
        <Notice tone="error" action={<Button onClick={() => void query.refetch()}>{t('app.retry')}</Button>}>
          {t('myActions.loadError')}
        </Notice>
      )}
      {actions && actions.length === 0 && <p>{t('myActions.empty')}</p>}
      {actions && actions.length > 0 && (
        <ol className="my-actions" data-testid="my-actions">
          {actions.map((action) => (
            <li key={`${action.situationId}:${action.id}`} className={action.overdue ? 'my-action overdue' : 'my-action'} data-action-id={action.id} data-overdue={action.overdue ? 'true' : 'false'}>
              <div className="my-action-main">
                <a href={rowHref(action.situationId, action.id)} className="my-action-title">
                  {action.title || t('rows.untitled')}
                </a>
                <span className="muted small">{action.situationTitle}</span>
              </div>
              <div className="my-action-facts">
                <span className={action.overdue ? 'due overdue-text' : 'due'}>
                  {action.overdue && <TriangleAlert aria-hidden="true" size={16} />}
                  {action.dueDate ? t(action.overdue ? 'myActions.overdue' : 'myActions.due', { date: formatDate(action.dueDate, i18n.language, 'medium') }) : t('myActions.noDue')}
                </span>
                <Badge tone={STATUS_TONE[action.status] ?? 'neutral'}>{t(`actionStatus.${action.status}`)}</Badge>
                {action.ownedBy === 'organisation' && <Badge tone="violet">{t('myActions.byOrganisation')}</Badge>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </main>
  )
}
