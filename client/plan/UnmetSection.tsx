import { useTranslation } from 'react-i18next'
import { planRoots, readUnmet, type Unmet } from '../../shared/schema/plan.ts'
import { useYRead } from '../collab/use-y.ts'
import { Button } from '../ui/primitives.tsx'
import { CommitInput, Field } from '../situation/fields.tsx'
import { peersAt, usePlan } from '../situation/plan-context.tsx'
import { FocusChips } from '../situation/PresenceBar.tsx'
import { RowControls } from './RowControls.tsx'
import { createUnmet, editRow, moveRow, removeRowById, restoreRowById, rowOf } from './row-ops.ts'
import { YTextInput } from '../situation/YTextInput.tsx'
import { MISSING_ANSWERS, isMissingAnswer, type MissingAnswer } from '../../shared/domain/territory.ts'
import { NeedPicker } from '../ui/need-picker.tsx'
import { NAMESPACES } from '../i18n/catalog.ts'

/**
 * What an unmet goal leaves uncovered, coded for the territory's view: the
 * SERAFIN-PH needs and, for a PAG, the kind of answer missing and since
 * when. `needCodes` is a plain array written whole (two people coding the
 * same row at the same instant: the last one wins, as for any plain field).
 */
function UnmetCoding({ unmet, readOnly }: { unmet: Unmet; readOnly: boolean }) {
  const { t } = useTranslation(NAMESPACES.territory)
  const plan = usePlan()
  const write = (fields: Record<string, unknown>) => editRow(plan.writer, 'unmet', unmet.id, fields)
  return (
    <div className="unmet-coding">
      <NeedPicker
        label={t('need.unmetLabel')}
        codes={unmet.needCodes}
        readOnly={readOnly}
        onAdd={(code) => write({ needCodes: [...unmet.needCodes, code] })}
        onRemove={(code) => write({ needCodes: unmet.needCodes.filter((c) => c !== code) })}
      />
      {plan.kind === 'pag' && (
        <div className="unmet-missing">
          <Field label={t('missing.label')}>
            {(id) => (
              <select
                id={id}
                value={unmet.missingAnswer ?? ''}
                disabled={readOnly}
                onChange={(event) => write({ missingAnswer: isMissingAnswer(event.target.value) ? (event.target.value as MissingAnswer) : null })}
              >
                <option value="">{t('missing.unset')}</option>
                {MISSING_ANSWERS.map((answer) => (
                  <option key={answer} value={answer}>
                    {t(`missing.${answer}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('missing.since')}>
            {(id) => (
              <CommitInput id={id} type="date" value={unmet.missingSince ?? ''} disabled={readOnly} onCommit={(value) => write({ missingSince: /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null })} />
            )}
          </Field>
        </div>
      )}
    </div>
  )
}

/** What could not be provided: the need, the target answer and the immediate alternative. */
export function UnmetSection({ title }: { title: string }) {
  const { t } = useTranslation()
  const plan = usePlan()
  const { doc } = plan.writer
  const all = useYRead([planRoots(doc).unmet], () => readUnmet(doc))
  const rows = plan.showRemoved ? all : all.filter((row) => row.deletedAt === null)
  const targetLabel = plan.kind === 'pps' ? t('unmet.targetAnswerPps') : t('unmet.targetAnswer')
  const alternativeLabel = plan.kind === 'pps' ? t('unmet.alternativeAnswerPps') : t('unmet.alternativeAnswer')

  return (
    <section className="plan-section" aria-labelledby="section-unmet">
      <h2 id="section-unmet">{title}</h2>
      {rows.length === 0 && <p className="muted">{t('unmet.empty')}</p>}
      <ul className="unmet-list">
        {rows.map((unmet, index) => {
          const row = rowOf(doc, 'unmet', unmet.id)
          if (!row) return null
          const path = `unmet/${unmet.id}`
          const removed = unmet.deletedAt !== null
          return (
            <li key={unmet.id} className={removed ? 'unmet-card removed' : 'unmet-card'} data-unmet-id={unmet.id}>
              <div className="row-head">
                <Field label={t('unmet.need')} className="field-grow">
                  {(id) => <YTextInput row={row} field="need" id={id} label={t('unmet.need')} path={`${path}/need`} readOnly={removed} />}
                </Field>
                <FocusChips peers={peersAt(plan.peers, 'plan', path)} />
                <RowControls
                  title={unmet.need}
                  removed={removed}
                  readOnly={plan.readOnly}
                  canMoveUp={index > 0}
                  canMoveDown={index < rows.length - 1}
                  onMove={(direction) => moveRow(plan.writer, 'unmet', rows, unmet.id, direction)}
                  onRemove={() => removeRowById(plan.writer, 'unmet', unmet.id)}
                  onRestore={() => restoreRowById(plan.writer, 'unmet', unmet.id)}
                />
              </div>
              <div className="unmet-answers">
                <Field label={targetLabel}>{(id) => <YTextInput row={row} field="targetAnswer" id={id} label={targetLabel} path={`${path}/targetAnswer`} multiline readOnly={removed} />}</Field>
                <Field label={alternativeLabel}>
                  {(id) => <YTextInput row={row} field="alternativeAnswer" id={id} label={alternativeLabel} path={`${path}/alternativeAnswer`} multiline readOnly={removed} />}
                </Field>
              </div>
              <UnmetCoding unmet={unmet} readOnly={plan.readOnly || removed} />
            </li>
          )
        })}
      </ul>
      {!plan.readOnly && (
        <Button variant="ghost" className="btn-add" onClick={() => createUnmet(plan.writer, { need: '' })}>
          + {t('unmet.add')}
        </Button>
      )}
    </section>
  )
}
