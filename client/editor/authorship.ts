import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import type * as Y from 'yjs'

/** Says who wrote a top-level block of the fragment, or null for the section's owner. */
export type BlockLabeller = (block: Y.XmlElement | Y.XmlText | Y.XmlHook) => { text: string; authorId: string } | null

export interface AuthorshipOptions {
  fragment: Y.XmlFragment | null
  /** Read at each update, so a new list of authors applies without rebuilding the editor. */
  labeller: { current: BlockLabeller | null }
}

interface Label {
  index: number
  text: string
  authorId: string
}

interface AuthorshipState {
  labels: Label[]
  decorations: DecorationSet
}

export const authorshipKey = new PluginKey<AuthorshipState>('authorship')

function build(state: EditorState, labels: Label[]): DecorationSet {
  const decorations: Decoration[] = []
  let index = 0
  state.doc.forEach((node, offset) => {
    const label = labels.find((candidate) => candidate.index === index)
    index++
    if (!label) return
    decorations.push(Decoration.node(offset, offset + node.nodeSize, { class: 'written-by-other', 'data-written-by': label.authorId }))
    decorations.push(
      Decoration.widget(
        offset + 1,
        () => {
          const tag = document.createElement('span')
          tag.className = 'written-by'
          tag.contentEditable = 'false'
          tag.textContent = label.text
          return tag
        },
        { side: -1, key: `written-by-${label.authorId}-${label.text}`, ignoreSelection: true },
      ),
    )
  })
  return DecorationSet.create(state.doc, decorations)
}

/** Labels from the fragment, block by block; null when the editor and the fragment disagree for a moment. */
function compute(view: EditorView, options: AuthorshipOptions): Label[] | null {
  const { fragment, labeller } = options
  if (!fragment || !labeller.current) return []
  const blocks = fragment.toArray()
  if (blocks.length !== view.state.doc.childCount) return null
  const labels: Label[] = []
  blocks.forEach((block, index) => {
    const label = labeller.current!(block)
    if (label) labels.push({ index, ...label })
  })
  return labels
}

const signature = (labels: Label[]) => labels.map((label) => `${label.index}:${label.authorId}:${label.text}`).join('|')

/**
 * Marks each block written (wholly or partly) by someone other than the
 * section's owner with a visible "écrit par sa mère" label, so the person's
 * own words stay distinguishable. Top-level blocks map to the fragment's
 * children in order (the Yjs binding keeps them equal), so it works the same
 * for the live editor and the read-only view.
 */
export const Authorship = Extension.create<AuthorshipOptions>({
  name: 'authorship',
  addOptions() {
    return { fragment: null, labeller: { current: null } }
  },
  addProseMirrorPlugins() {
    const options = this.options
    return [
      new Plugin<AuthorshipState>({
        key: authorshipKey,
        state: {
          init: (_, state): AuthorshipState => ({ labels: [], decorations: DecorationSet.create(state.doc, []) }),
          apply(tr, value, _old, state) {
            const labels = tr.getMeta(authorshipKey) as Label[] | undefined
            if (labels) return { labels, decorations: build(state, labels) }
            // Rebuilt by block index rather than mapped: the Yjs binding applies a remote change
            // as one replace of the whole document, which would drop mapped node decorations.
            return tr.docChanged ? { labels: value.labels, decorations: build(state, value.labels) } : value
          },
        },
        props: {
          decorations: (state) => authorshipKey.getState(state)?.decorations,
        },
        view: (view) => {
          const refresh = (current: EditorView) => {
            const labels = compute(current, options)
            if (!labels) return
            if (signature(labels) !== signature(authorshipKey.getState(current.state)?.labels ?? [])) {
              // After the Yjs binding has updated: dispatch from a microtask, never inside an update.
              queueMicrotask(() => {
                if (!current.isDestroyed) current.dispatch(current.state.tr.setMeta(authorshipKey, labels).setMeta('addToHistory', false))
              })
            }
          }
          refresh(view)
          return { update: refresh }
        },
      }),
    ]
  },
})

/** Re-labels after the list of authors changed (no document change to trigger it). */
export function refreshAuthorship(view: EditorView | null | undefined): void {
  if (!view || view.isDestroyed) return
  view.dispatch(view.state.tr.setMeta('authorshipRefresh', true))
}
