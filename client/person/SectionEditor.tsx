import { useCallback, useEffect, useId, useMemo, useState } from 'react'
import type { Editor } from '@tiptap/core'
import type * as Y from 'yjs'
import { Authorship, refreshAuthorship } from '../editor/authorship.ts'
import { RichTextEditor } from '../editor/RichTextEditor.tsx'
import { DictateButton } from '../ui/dictation.tsx'
import { usePersonSpace } from './person-space.tsx'

/**
 * One fragment of the person's section: a large, calm editor with a
 * visible label, whose blocks written by someone else than the person are
 * labelled "écrit par sa mère".
 */
export function SectionEditor({ fragment, label, hint, testId }: { fragment: Y.XmlFragment | null; label: string; hint?: string; testId?: string }) {
  const space = usePersonSpace()
  const labelId = useId()
  const hintId = useId()
  const [editor, setEditor] = useState<Editor | null>(null)
  const extensions = useMemo(() => [Authorship.configure({ fragment, labeller: space.labeller })], [fragment, space.labeller])
  const onEditor = useCallback((next: Editor | null) => setEditor(next), [])

  useEffect(() => {
    refreshAuthorship(editor?.view)
  }, [editor, space.authorsVersion])

  return (
    <div className="person-field" data-testid={testId}>
      <h3 id={labelId} className="person-field-label">
        {label}
      </h3>
      {hint && (
        <p id={hintId} className="person-field-hint">
          {hint}
        </p>
      )}
      {fragment ? (
        <RichTextEditor
          fragment={fragment}
          provider={space.person.provider}
          user={space.user}
          readOnly={!space.canWrite}
          label={label}
          describedBy={hint ? hintId : undefined}
          extensions={extensions}
          onEditor={onEditor}
          toolbar={false}
          className="editor-large"
        />
      ) : (
        <p className="placeholder">…</p>
      )}
      {space.canWrite && editor && <DictateButton label={label} onText={(text) => editor.chain().focus().insertContent(` ${text}`).run()} />}
    </div>
  )
}
