/**
 * A tiny builder for ProseMirror JSON in the shared schema, so seeds and tests
 * write assessment text as data rather than HTML.
 */
export interface PMNode {
  type: string
  attrs?: Record<string, unknown>
  content?: PMNode[]
  text?: string
  marks?: { type: string; attrs?: Record<string, unknown> }[]
}

const text = (value: string): PMNode => ({ type: 'text', text: value })

export const paragraph = (value: string): PMNode =>
  value === '' ? { type: 'paragraph' } : { type: 'paragraph', content: [text(value)] }

export const heading = (level: 2 | 3, value: string): PMNode => ({ type: 'heading', attrs: { level }, content: [text(value)] })

export const bulletList = (...items: string[]): PMNode => ({
  type: 'bulletList',
  content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })),
})

export const richDoc = (...content: PMNode[]): PMNode => ({ type: 'doc', content })

/** Plain paragraphs, one per string. */
export const paragraphs = (...values: string[]): PMNode => richDoc(...values.map(paragraph))
