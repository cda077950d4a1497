import { useEffect } from 'react'
import { EditorContent, useEditor } from '@tiptap/react'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import type { AnyExtension, Editor } from '@tiptap/core'
import type * as Y from 'yjs'
import { editorExtensions } from '../../shared/editor/extensions.ts'
import type { PresenceUser } from '../collab/presence.ts'
import type { CaretSource } from './caret-source.ts'
import { Toolbar } from './Toolbar.tsx'
import { ReadOnlyRichText } from './ReadOnlyRichText.tsx'

export interface RichTextEditorProps {
  /** The one fragment this editor edits (e.g. `assessment.get('health')`). */
  fragment: Y.XmlFragment
  /** Where the carets come from: only its awareness is used, never the transport. */
  provider: CaretSource
  user: PresenceUser
  readOnly: boolean
  /** Accessible name of the editing area. */
  label: string
  /** Id of the element describing the editor (hint text). */
  describedBy?: string
  onFocus?: () => void
  onBlur?: () => void
  /** Extra extensions (e.g. authorship labels); keep the array stable (memoised). */
  extensions?: AnyExtension[]
  /** Told the editor instance once created (to refresh decorations from outside). */
  onEditor?: (editor: Editor | null) => void
  className?: string
  /** Show the formatting toolbar (default true). */
  toolbar?: boolean
}

const NO_EXTENSIONS: AnyExtension[] = []

/** Caret with a name label: white text on the user's dark colour keeps contrast. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span')
  caret.classList.add('collaboration-carets__caret')
  caret.style.borderColor = String(user.color)
  const label = document.createElement('span')
  label.classList.add('collaboration-carets__label')
  label.style.backgroundColor = String(user.color)
  label.textContent = String(user.name ?? '')
  caret.append(label)
  return caret
}

/**
 * A TipTap editor bound to ONE fragment: the schema comes from shared/, the
 * transport only through the provider's awareness (carets). Undo is the
 * Collaboration extension's, scoped to this editor's own changes.
 */
export function RichTextEditor(props: RichTextEditorProps) {
  // Readers get a view without the Yjs binding: it cannot write by construction.
  if (props.readOnly)
    return <ReadOnlyRichText fragment={props.fragment} label={props.label} describedBy={props.describedBy} extensions={props.extensions} onEditor={props.onEditor} className={props.className} />
  return <CollaborativeEditor {...props} />
}

function CollaborativeEditor({ fragment, provider, user, readOnly, label, describedBy, onFocus, onBlur, extensions = NO_EXTENSIONS, onEditor, className, toolbar = true }: RichTextEditorProps) {
  const editor = useEditor(
    {
      extensions: [
        ...editorExtensions(),
        Collaboration.configure({ fragment }),
        CollaborationCaret.configure({ provider, user, render: renderCaret }),
        ...extensions,
      ],
      editable: !readOnly,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: {
          'aria-label': label,
          role: 'textbox',
          'aria-multiline': 'true',
          ...(readOnly ? { 'aria-readonly': 'true' } : {}),
          ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          class: 'rich-text',
        },
      },
    },
    [fragment, provider, user.id, user.color, user.name, extensions],
  )

  useEffect(() => {
    onEditor?.(editor)
    return () => onEditor?.(null)
  }, [editor, onEditor])

  useEffect(() => {
    if (editor && editor.isEditable === readOnly) editor.setEditable(!readOnly)
  }, [editor, readOnly])

  useEffect(() => {
    if (!editor) return
    const focus = () => onFocus?.()
    const blur = () => onBlur?.()
    editor.on('focus', focus)
    editor.on('blur', blur)
    return () => {
      editor.off('focus', focus)
      editor.off('blur', blur)
    }
  }, [editor, onFocus, onBlur])

  return (
    <div className={[readOnly ? 'editor editor-readonly' : 'editor', className].filter(Boolean).join(' ')}>
      {!readOnly && toolbar && editor && <Toolbar editor={editor} label={label} />}
      <EditorContent editor={editor} />
    </div>
  )
}
