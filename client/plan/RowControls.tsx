import { useTranslation } from 'react-i18next'
import { IconButton, Badge } from '../ui/primitives.tsx'

/** Move up / move down / remove, or restore for a removed row. */
export function RowControls({
  title,
  removed,
  canMoveUp,
  canMoveDown,
  onMove,
  onRemove,
  onRestore,
  readOnly,
}: {
  title: string
  removed: boolean
  canMoveUp: boolean
  canMoveDown: boolean
  onMove: (direction: -1 | 1) => void
  onRemove: () => void
  onRestore: () => void
  readOnly: boolean
}) {
  const { t } = useTranslation()
  const name = title || t('rows.untitled')
  if (removed)
    return (
      <span className="row-controls">
        <Badge tone="neutral">{t('rows.removed')}</Badge>
        {!readOnly && (
          <button type="button" className="btn btn-ghost btn-small" onClick={onRestore} aria-label={t('rows.restoreLabel', { title: name })}>
            {t('rows.restore')}
          </button>
        )}
      </span>
    )
  if (readOnly) return null
  return (
    <span className="row-controls">
      <IconButton label={t('rows.moveUpLabel', { title: name })} disabled={!canMoveUp} onClick={() => onMove(-1)}>
        ↑
      </IconButton>
      <IconButton label={t('rows.moveDownLabel', { title: name })} disabled={!canMoveDown} onClick={() => onMove(1)}>
        ↓
      </IconButton>
      <IconButton label={t('rows.removeLabel', { title: name })} onClick={onRemove} className="icon-btn-danger">
        ✕
      </IconButton>
    </span>
  )
}
