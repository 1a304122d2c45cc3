import type { NotificationKind } from './notifications';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export interface NotificationFacts {
  kind: NotificationKind;
  signatoryId: string | null;
  /** The body's name, when the read model has it. */
  signatoryName: string | null;
  detail: Record<string, unknown>;
}

/** What happened, in one French sentence: the e-mail's subject and the web interface's wording alike. */
export function notificationSentence(n: NotificationFacts): string {
  const body = n.signatoryName ?? n.signatoryId ?? '';
  const sentences: Record<NotificationKind, () => string> = {
    body_rejected: () => `${body} a rejeté la convention`,
    campaign_blocked: () => 'La campagne est bloquée : un signataire obligatoire a rejeté la convention',
    campaign_unblocked: () => 'La campagne est débloquée',
    ready_to_sign: () => 'Tous les signataires obligatoires ont adopté : la convention est prête à être signée',
    deadline_passed: () => `L’échéance est passée : ${plural(Number(n.detail.undecided ?? 0), 'organisme n’a', 'organismes n’ont')} pas délibéré`,
    act_uploaded: () => `${body} a déposé l’acte de sa délibération`,
    link_forwarded: () => `Le secrétariat de ${body} a transmis son lien à ${String(n.detail.delegate ?? 'un tiers')}`,
    reminder_refused: () => `Une relance à ${body} a été refusée par le serveur de messagerie (${(n.detail.to as string[] | undefined)?.join(', ') ?? 'adresse inconnue'})`,
  };
  return sentences[n.kind]();
}
