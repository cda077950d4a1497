import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces'

const require = createRequire(import.meta.url)

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void
  setUrlAccessPolicy(callback: (url: string) => boolean): void
  setLocalAccessPolicy(callback: (path: string) => boolean): void
  createPdf(definition: TDocumentDefinitions): { getBuffer(): Promise<Buffer> }
}

let pdfmake: PdfMake | null = null

/**
 * pdfmake with the Roboto fonts it ships (embedded in every PDF), no network
 * access and no file access outside its font folder: a pure-JavaScript PDF
 * that works on a fresh machine, no browser involved.
 */
function instance(): PdfMake {
  if (pdfmake) return pdfmake
  const loaded = require('pdfmake') as PdfMake
  const fontsDir = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto')
  loaded.setFonts({
    Roboto: {
      normal: join(fontsDir, 'Roboto-Regular.ttf'),
      bold: join(fontsDir, 'Roboto-Medium.ttf'),
      italics: join(fontsDir, 'Roboto-Italic.ttf'),
      bolditalics: join(fontsDir, 'Roboto-MediumItalic.ttf'),
    },
  })
  loaded.setUrlAccessPolicy(() => false)
  loaded.setLocalAccessPolicy((path) => path.startsWith(fontsDir))
  pdfmake = loaded
  return loaded
}

export const PDF_STYLES: TDocumentDefinitions['styles'] = {
  title: { fontSize: 18, bold: true, color: '#1e3a5f', margin: [0, 0, 0, 4] },
  subtitle: { fontSize: 11, color: '#475569', margin: [0, 0, 0, 12] },
  h2: { fontSize: 13, bold: true, color: '#1e3a5f', margin: [0, 14, 0, 6] },
  h3: { fontSize: 11, bold: true, margin: [0, 8, 0, 3] },
  small: { fontSize: 8.5, color: '#475569' },
  tableHeader: { bold: true, fontSize: 9, fillColor: '#e2e8f0' },
  cell: { fontSize: 9 },
}

/** A4, French, page numbers in the footer. */
export async function renderPdf(title: string, content: Content[]): Promise<Buffer> {
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [48, 48, 48, 56],
    info: { title, creator: 'Concerto', producer: 'Concerto' },
    language: 'fr-FR',
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    styles: PDF_STYLES,
    footer: (currentPage: number, pageCount: number) => ({
      text: `${title} — page ${currentPage} sur ${pageCount}`,
      style: 'small',
      alignment: 'center',
      margin: [0, 20, 0, 0],
    }),
    content,
  }
  return instance().createPdf(definition).getBuffer()
}
