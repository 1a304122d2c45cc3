import { DraftInput } from '../draft-deliberation/draft-template';

/** A commune of the Terres du Lauragais, as a draft deliberation is filled in for it. */
export const AVIGNONET: DraftInput = {
  bodyName: 'Avignonet-Lauragais',
  bodyKind: 'commune',
  conventionTitle: 'Convention Territoriale Globale — Terres du Lauragais',
  conventionVersion: 2,
  conventionSha256: 'ab'.repeat(32),
  conferenceDate: '2023-06-13',
  deliberationDeadline: '2023-10-31T23:59:59+01:00',
  territoryName: 'Communauté de communes des Terres du Lauragais',
};
