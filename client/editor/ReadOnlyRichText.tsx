import { useEffect } from 'react'
import { EditorContent, useEditor } from '@tiptap/react'
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import type { AnyExtension, Editor } from '@tiptap/core'
import type * as Y from 'yjs'
import { editorExtensions } from '../../shared/editor/extensions.ts'

/**
 * A live, read-only view of one fragment for readers (the person, family,
 * observers). It renders the fragment without the Yjs binding, so it can
 * never write to the document: y-tiptap fills an empty fragment with a
 * paragraph on first render, which a read-only connection must not send.
 */
const NO_EXTENSIONS: AnyExtension[] = []

export function ReadOnlyRichText({
  fragment,
  label,
  describedBy,
  extensions = NO_EXTENSIONS,
  onEditor,
  className,
}: {
  fragment: Y.XmlFragment
  label: string
  describedBy?: string
  extensions?: AnyExtension[]
  onEditor?: (editor: Editor | null) => void
  className?: string
}) {
  const editor = useEditor(
    {
      extensions: [...editorExtensions(), ...extensions],
      editable: false,
      content: yXmlFragmentToProsemirrorJSON(fragment),
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: {
          'aria-label': label,
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-readonly': 'true',
          ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          class: 'rich-text',
        },
      },
    },
    [fragment, extensions],
  )

  useEffect(() => {
    onEditor?.(editor)
    return () => onEditor?.(null)
  }, [editor, onEditor])

  useEffect(() => {
    if (!editor) return
    const refresh = () => editor.commands.setContent(yXmlFragmentToProsemirrorJSON(fragment), { emitUpdate: false })
    refresh()
    fragment.observeDeep(refresh)
    return () => fragment.unobserveDeep(refresh)
  }, [editor, fragment])

  return (
    <div className={['editor editor-readonly', className].filter(Boolean).join(' ')}>
      <EditorContent editor={editor} />
    </div>
  )
}
