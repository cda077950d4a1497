import StarterKit from '@tiptap/starter-kit'
import type { AnyExtension } from '@tiptap/core'

/**
 * The one rich-text schema of Concerto: client editors, the server seed and
 * the exports all build from this list. y-tiptap deletes nodes its schema
 * does not know, so a node added here must be added everywhere at once, which
 * this shared list guarantees.
 *
 * History is off: collaborative undo comes from the Collaboration extension
 * (a Y.UndoManager scoped to the local user's changes).
 */
export const editorExtensions = (): AnyExtension[] => [
  StarterKit.configure({
    undoRedo: false,
    heading: { levels: [2, 3] },
    codeBlock: false,
    code: false,
    horizontalRule: false,
    link: { openOnClick: false, autolink: true },
  }),
]
