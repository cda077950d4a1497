import { useEditorState, type Editor } from '@tiptap/react'
import { useTranslation } from 'react-i18next'

/** Bold, italic, bullet list, heading: the few marks a plan needs. */
export function Toolbar({ editor, label }: { editor: Editor; label: string }) {
  const { t } = useTranslation()
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      bulletList: current.isActive('bulletList'),
      heading: current.isActive('heading', { level: 3 }),
    }),
  })
  const buttons = [
    { key: 'bold', text: 'G', className: 'tb-bold', run: () => editor.chain().focus().toggleBold().run() },
    { key: 'italic', text: 'I', className: 'tb-italic', run: () => editor.chain().focus().toggleItalic().run() },
    { key: 'bulletList', text: '•≡', className: '', run: () => editor.chain().focus().toggleBulletList().run() },
    { key: 'heading', text: 'T', className: 'tb-heading', run: () => editor.chain().focus().toggleHeading({ level: 3 }).run() },
  ] as const
  return (
    <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar', { label })}>
      {buttons.map((button) => (
        <button
          key={button.key}
          type="button"
          className={`toolbar-btn ${button.className}`}
          aria-label={t(`editor.${button.key}`)}
          title={t(`editor.${button.key}`)}
          aria-pressed={active?.[button.key] ?? false}
          onMouseDown={(event) => event.preventDefault()}
          onClick={button.run}
        >
          <span aria-hidden="true">{button.text}</span>
        </button>
      ))}
    </div>
  )
}
