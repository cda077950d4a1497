import { useEffect, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { CalendarCheck, ClipboardList, Handshake, Inbox, ListChecks, Mail, MessageSquare, TriangleAlert, type LucideIcon } from 'lucide-react'
import { todayInParis } from '../../shared/domain/dates.ts'
import { formatDate } from '../app/i18n.ts'
import { Badge, Button, Notice, Spinner, LiveRegion } from '../ui/primitives.tsx'
import { remindersQuery, saveReminders, todoQuery, type TodoKind } from '../api/follow-up.ts'
import { useFollowUpT } from './strings.ts'

const KIND_ICONS: Record<TodoKind, LucideIcon> = {
  review: CalendarCheck,
  action: ListChecks,
  progress: ClipboardList,
  agreement: MessageSquare,
  commitment: Handshake,
  invitation: Mail,
  request: Inbox,
}

/** The daily digest on or off, for the signed-in user only. */
function DigestToggle() {
  const { t } = useFollowUpT()
  const queryClient = useQueryClient()
  const stored = useQuery(remindersQuery).data?.digest ?? null
  // The box follows the click at once (component state: the query cache notifies a tick later,
  // after the click has returned); put back if the server refuses.
  const [choice, setChoice] = useState<boolean | null>(null)
  const digest = choice ?? stored
  const [message, setMessage] = useState('')
  if (digest === null) return null
  const change = (next: boolean) => {
    setChoice(next)
    saveReminders(next).then(
      () => {
        queryClient.setQueryData(remindersQuery.queryKey, { digest: next })
        setMessage(t('todo.digestSaved'))
      },
      () => {
        setChoice(!next)
        setMessage(t('todo.digestFailed'))
      },
    )
  }
  return (
    <fieldset className="todo-digest">
      <legend>{t('todo.digestLegend')}</legend>
      <label>
        <input type="checkbox" checked={digest} onChange={(event) => change(event.target.checked)} /> {t('todo.digest')}
      </label>
      <LiveRegion message={message} />
    </fieldset>
  )
}

/** "À faire": what waits for me across situations, sorted by date; each item opens where it is done. */
export function TodoPage() {
  const { t, i18n } = useFollowUpT()
  const { t: tc } = useTranslation()
  const query = useQuery(todoQuery)
  const items = query.data
  useEffect(() => {
    document.title = `${t('todo.title')} — ${tc('app.name')}`
  }, [t, tc])
  const today = todayInParis()
  return (
    <main id="main" className="page">
      <h1>{t('todo.title')}</h1>
      <p className="muted">{t('todo.intro')}</p>
      {!items && query.isFetching && <Spinner label={tc('app.loading')} />}
      {!items && query.isError && !query.isFetching && (
        <Notice tone="error" action={<Button onClick={() => void query.refetch()}>{tc('app.retry')}</Button>}>
          {t('todo.loadError')}
        </Notice>
      )}
      {items && items.length === 0 && <p>{t('todo.empty')}</p>}
      {items && items.length > 0 && (
        <ol className="my-actions todo-list" data-testid="todo-list">
          {items.map((item, index) => {
            const Icon = KIND_ICONS[item.kind]
            const late = item.dueDate < today
            return (
              <li key={`${item.kind}:${item.href}:${index}`} className={late ? 'my-action overdue' : 'my-action'} data-kind={item.kind}>
                <div className="my-action-main">
                  <a href={item.href} className="my-action-title">
                    {item.title}
                  </a>
                  {item.situationTitle && <span className="muted small">{item.situationTitle}</span>}
                </div>
                <div className="my-action-facts">
                  <span className={late ? 'due overdue-text' : 'due'}>
                    {late && <TriangleAlert aria-hidden="true" size={16} />}
                    {t(late ? 'todo.late' : 'todo.due', { date: formatDate(item.dueDate, i18n.language, 'medium') })}
                  </span>
                  <Badge tone={item.kind === 'review' || item.kind === 'action' ? 'amber' : 'blue'}>
                    <Icon aria-hidden="true" size={14} /> {t(`todo.kind.${item.kind}`)}
                  </Badge>
                </div>
              </li>
            )
          })}
        </ol>
      )}
      <DigestToggle />
    </main>
  )
}
