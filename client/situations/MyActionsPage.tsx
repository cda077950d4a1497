import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { TriangleAlert } from 'lucide-react'
import { fetchMyActions } from '../api/situations.ts'
import type { MyAction } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { rowHref } from '../app/router.ts'
import { Badge, Button, Notice, Spinner } from '../ui/primitives.tsx'
import { ProgressRequests } from '../todo/ProgressRequests.tsx'

type State = { status: 'loading' } | { status: 'error' } | { status: 'ready'; actions: MyAction[] }

const STATUS_TONE = { todo: 'neutral', doing: 'blue', done: 'green', dropped: 'neutral' } as const

/** "Mes actions": every action I (or my organisation) carry, by due date, overdue ones marked; each opens its row in the plan. */
export function MyActionsPage() {
  const { t, i18n } = useTranslation()
  const [state, setState] = useState<State>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let live = true
    setState({ status: 'loading' })
    fetchMyActions().then(
      (actions) => live && setState({ status: 'ready', actions }),
      () => live && setState({ status: 'error' }),
    )
    return () => {
      live = false
    }
  }, [attempt])

  useEffect(() => {
    document.title = `${t('myActions.title')} — ${t('app.name')}`
  }, [t])

  return (
    <main id="main" className="page">
      <h1>{t('myActions.title')}</h1>
      <p className="muted">{t('myActions.intro')}</p>
      <ProgressRequests />
      {state.status === 'loading' && <Spinner label={t('app.loading')} />}
      {state.status === 'error' && (
        <Notice tone="error" action={<Button onClick={() => setAttempt((n) => n + 1)}>{t('app.retry')}</Button>}>
          {t('myActions.loadError')}
        </Notice>
      )}
      {state.status === 'ready' && state.actions.length === 0 && <p>{t('myActions.empty')}</p>}
      {state.status === 'ready' && state.actions.length > 0 && (
        <ol className="my-actions" data-testid="my-actions">
          {state.actions.map((action) => (
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
                <Badge tone={STATUS_TONE[action.status]}>{t(`actionStatus.${action.status}`)}</Badge>
                {action.ownedBy === 'organisation' && <Badge tone="violet">{t('myActions.byOrganisation')}</Badge>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </main>
  )
}
