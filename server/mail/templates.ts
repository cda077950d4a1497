import { composeMail, type ComposedMail } from './compose.ts'

/**
 * The account mails (French). Each takes only what the mail may show: the
 * sender's name, a role label, the link and its expiry. Not even the
 * situation's title: it names the person and often their condition, and a
 * mail crosses servers nobody here controls. The page behind the link shows
 * the rest to whoever holds it.
 */
const formatExpiry = (iso: string): string =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso))

export function invitationMail(input: { roleLabel: string; invitedBy: string; link: string; expiresAt: string; existingAccount?: boolean }): ComposedMail {
  return composeMail({
    subject: 'Invitation à rejoindre un plan partagé sur Concerto',
    paragraphs: [
      `${input.invitedBy} vous invite à rejoindre le cercle d’une personne accompagnée sur Concerto, en tant que ${input.roleLabel}.`,
      input.existingAccount
        ? 'Ouvrez le lien et confirmez avec le mot de passe de votre compte : cela prouve aussi que cette adresse est bien la vôtre.'
        : 'Ouvrez le lien pour choisir votre mot de passe et rejoindre la situation.',
    ],
    link: input.link,
    linkLabel: 'Rejoindre la situation',
    footnote: `Ce lien ne sert qu’une fois et expire le ${formatExpiry(input.expiresAt)}.`,
  })
}

export function addedMail(input: { roleLabel: string; addedBy: string; link: string }): ComposedMail {
  return composeMail({
    subject: 'Vous avez été ajouté(e) à un plan partagé sur Concerto',
    paragraphs: [`${input.addedBy} vous a ajouté(e) au cercle d’une personne accompagnée sur Concerto, en tant que ${input.roleLabel}. Connectez-vous pour le voir.`],
    link: input.link,
    linkLabel: 'Ouvrir Concerto',
  })
}

export function resetMail(input: { issuedBy: string; link: string; expiresAt: string }): ComposedMail {
  return composeMail({
    subject: 'Choisir un nouveau mot de passe Concerto',
    paragraphs: [`${input.issuedBy}, qui coordonne un plan dont vous faites partie, vous envoie un lien pour choisir un nouveau mot de passe.`],
    link: input.link,
    linkLabel: 'Choisir un nouveau mot de passe',
    footnote: `Ce lien ne sert qu’une fois et expire le ${formatExpiry(input.expiresAt)}. Il est annulé si votre compte change entre-temps.`,
  })
}

export function verifyEmailMail(input: { link: string; expiresAt: string }): ComposedMail {
  return composeMail({
    subject: 'Confirmez votre adresse e-mail pour Concerto',
    paragraphs: ['Confirmez que cette adresse est bien la vôtre : tant qu’elle n’est pas confirmée, personne ne peut vous ajouter à une situation par cette adresse.'],
    link: input.link,
    linkLabel: 'Confirmer mon adresse',
    footnote: `Ce lien ne sert qu’une fois et expire le ${formatExpiry(input.expiresAt)}.`,
  })
}
