import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { OPINIONS, parseView, personRoots, readView, relativeViewKey, writeRelativeView, writeView, type Opinion, type View } from '../../shared/schema/person.ts'
import { useYRead } from '../collab/use-y.ts'
import { Button } from '../ui/primitives.tsx'
import { OPINION_ICONS } from '../ui/opinion-icons.ts'
import { usePersonSpace } from './person-space.tsx'

/**
 * My view on one goal or action: agree / not sure / disagree and a comment.
 * The person and the legal representative write `views`; a relative writes
 * their own key in `relativeViews`. Each write is the whole object.
 */
export function ViewPicker({ rowId, subject, kind }: { rowId: string; subject: string; kind: 'goal' | 'action' }) {
  const { t } = useTranslation()
  const space = usePersonSpace()
  const { doc, origin } = space.person
  const roots = personRoots(doc)
  const asRelative = space.role === 'relative'
  const mine = useYRead([roots.views, roots.relativeViews], () =>
    asRelative ? parseView(roots.relativeViews.get(relativeViewKey(rowId, space.user.id))) : readView(doc, rowId),
  )
  const [comment, setComment] = useState(mine?.comment ?? '')
  const [saved, setSaved] = useState(false)
  const [editing, setEditing] = useState(false)
  const name = useId()
  const commentId = useId()
  useEffect(() => {
    if (!editing) setComment(mine?.comment ?? '')
  }, [mine?.comment, editing])

  const write = (opinion: Opinion, text: string) => {
    const view: View = { opinion, comment: text.trim(), by: space.user.id, at: new Date().toISOString() }
    doc.transact(() => (asRelative ? writeRelativeView(doc, rowId, view) : writeView(doc, rowId, view)), origin)
  }
  const saveComment = () => {
    if (!mine || comment.trim() === mine.comment) return
    write(mine.opinion, comment)
    setSaved(true)
  }

  return (
    <fieldset className={`view-picker view-picker-${kind}`} data-view-row={rowId} disabled={!space.canWrite}>
      <legend>{t(`person.${space.voice}.viewOn`, { subject, name: space.personFirstName })}</legend>
      <div className="opinion-choices">
        {OPINIONS.map((opinion) => {
          const Icon = OPINION_ICONS[opinion]
          return (
            <label key={opinion} className={`opinion-choice opinion-${opinion}`}>
              <input type="radio" name={name} value={opinion} checked={mine?.opinion === opinion} onChange={() => write(opinion, comment)} />
              <Icon aria-hidden="true" size={28} />
              <span>{t(`person.${space.voice}.opinion.${opinion}`)}</span>
            </label>
          )
        })}
      </div>
      <div className="field">
        <label htmlFor={commentId}>{t(`person.${space.voice}.comment`)}</label>
        <textarea
          id={commentId}
          rows={2}
          value={comment}
          onFocus={() => {
            setEditing(true)
            setSaved(false)
          }}
          onChange={(event) => setComment(event.target.value)}
          onBlur={() => {
            setEditing(false)
            saveComment()
          }}
        />
      </div>
      <div className="view-picker-footer">
        <Button onClick={saveComment} disabled={!mine || comment.trim() === (mine?.comment ?? '')}>
          {t('person.saveComment')}
        </Button>
        <span className="muted small" role="status">
          {!mine ? t(`person.${space.voice}.chooseFirst`) : saved ? t('person.saved') : ''}
        </span>
      </div>
    </fieldset>
  )
}
