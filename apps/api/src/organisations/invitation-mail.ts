import { MemberRole } from '@ctg/persistence';

const ROLE = { manager: 'responsable', observer: 'observateur' } satisfies Record<MemberRole, string>;

/** The invitation e-mail, in French: who invites, to what, until when, and the link. */
export function renderInvitationEmail(invitation: { organisation: string; role: MemberRole; invitedBy: string; expiresAt: string }, link: string): { subject: string; text: string } {
  const until = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(invitation.expiresAt));
  return {
    subject: `Invitation à rejoindre ${invitation.organisation}`,
    text: [
      'Bonjour,',
      '',
      `${invitation.invitedBy} vous invite à rejoindre ${invitation.organisation} comme ${ROLE[invitation.role]} sur le service de suivi des délibérations et de la signature de la Convention Territoriale Globale.`,
      '',
      `Pour accepter, ouvrez ce lien avant le ${until} :`,
      link,
      '',
      'Ce lien vous est personnel : ne le transférez pas. Si vous ne vous attendiez pas à cette invitation, ignorez ce message.',
    ].join('\n'),
  };
}
