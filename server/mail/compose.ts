/**
 * One shape for every mail Concerto sends: a French greeting, a few short
 * paragraphs, one link, and a footer, as plain text and as HTML. Mails carry
 * the link and nothing from the health record: callers pass titles and names
 * only, never document text.
 */
export interface MailContent {
  subject: string
  /** Short paragraphs of plain text (escaped for HTML here). */
  paragraphs: string[]
  link: string
  linkLabel: string
  /** A last line, e.g. when the link expires. */
  footnote?: string
}

export interface ComposedMail {
  subject: string
  text: string
  html: string
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

const SIGNATURE = 'Concerto — plan partagé de la personne accompagnée'
const NOTICE = 'Vous recevez ce message parce qu’une personne de l’équipe a saisi votre adresse. Si vous ne l’attendiez pas, ignorez-le : rien ne se passe sans ce lien.'

export function composeMail({ subject, paragraphs, link, linkLabel, footnote }: MailContent): ComposedMail {
  const text = ['Bonjour,', '', ...paragraphs.flatMap((p) => [p, '']), `${linkLabel} :`, link, '', ...(footnote ? [footnote, ''] : []), NOTICE, '', '— ', SIGNATURE, ''].join('\n')
  const html = [
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>',
    escapeHtml(subject),
    '</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b">',
    '<p>Bonjour,</p>',
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(linkLabel)}</a></p>`,
    `<p style="font-size:90%">Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur&nbsp;: ${escapeHtml(link)}</p>`,
    footnote ? `<p style="font-size:90%">${escapeHtml(footnote)}</p>` : '',
    `<p style="font-size:85%;color:#555">${escapeHtml(NOTICE)}</p>`,
    `<p style="font-size:85%;color:#555">— ${escapeHtml(SIGNATURE)}</p>`,
    '</body></html>',
  ].join('')
  return { subject, text, html }
}
