import { useState } from 'preact/hooks';
import { api, RecordVerification } from '../api';
import { describeFailure, plural } from '../fr';
import { DownloadButton } from './download-button';

/** What each kind of broken link means (docs/legal-record.md), for an administrator. */
const BREAK_REASONS: Record<NonNullable<RecordVerification['reason']>, string> = {
  edited: 'cet événement a été modifié après son enregistrement : il ne correspond plus à son empreinte',
  missing: 'des événements ont été supprimés : il en manque à partir de ce numéro',
  order: 'des événements ont été déplacés : celui-ci a été enregistré à une autre place',
  link: 'l’événement précédent a été réécrit avec son empreinte : le chaînage est rompu',
};

type Outcome = { at: Date; verification: RecordVerification } | { at: Date; failure: string };

function VerificationText({ outcome }: { outcome: Outcome }) {
  const when = `Vérifié à ${outcome.at.toLocaleTimeString('fr-FR')}.`;
  if ('failure' in outcome) {
    return (
      <p class="verification verification-failed">
        <span aria-hidden="true">⚠ </span>La vérification n’a pas pu être faite : {outcome.failure}
      </p>
    );
  }
  const v = outcome.verification;
  if (v.valid) {
    return (
      <div class="verification verification-valid" data-testid="record-verification">
        <p>
          <span aria-hidden="true">✔ </span>
          <strong>Registre intact</strong> : {plural(v.events, 'événement', 'événements')}, chaîne d’empreintes vérifiée. {when}
        </p>
        <p class="small">
          Empreinte finale (SHA-256) : <code class="hash">{v.lastHash}</code>
        </p>
      </div>
    );
  }
  return (
    <div class="verification verification-broken" data-testid="record-verification">
      <p>
        <span aria-hidden="true">⚠ </span>
        <strong>Registre altéré à l’événement n° {v.firstBrokenSeq}</strong> : {v.reason ? BREAK_REASONS[v.reason] : 'la chaîne d’empreintes est rompue'}. {when}
      </p>
      <p class="small">
        {plural(v.events, 'événement lu', 'événements lus')} ; dernière empreinte enregistrée : <code class="hash">{v.lastHash}</code>
      </p>
    </div>
  );
}

/** The legal record: its hash chain verified on request, and the campaign's archive to download. */
export function RecordCard({ id, onError }: { id: string; onError: (text: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const verify = async () => {
    setBusy(true);
    try {
      setOutcome({ at: new Date(), verification: await api.verifyRecord(id) });
    } catch (error) {
      setOutcome({ at: new Date(), failure: describeFailure(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card action">
      <h3>Registre légal</h3>
      <p class="hint">Chaque événement est chaîné au précédent par son empreinte : toute modification, suppression ou réorganisation se voit.</p>
      <button type="button" class="button" onClick={verify} disabled={busy}>
        {busy ? 'Vérification en cours…' : 'Vérifier le registre'}
      </button>
      <div role="status" aria-live="polite" class="verification-result">
        {outcome ? <VerificationText outcome={outcome} /> : null}
      </div>
      <p class="hint">L’archive reprend les étapes, les délibérations, le contrôle de légalité, les relances et l’empreinte finale.</p>
      <div class="actions">
        <DownloadButton label="Télécharger l’archive (PDF)" fileName={`archive-${id}.pdf`} fetchFile={() => api.archivePdf(id)} onError={onError} />
        <DownloadButton label="Télécharger l’archive (JSON)" fileName={`archive-${id}.json`} fetchFile={() => api.archiveJson(id)} onError={onError} />
      </div>
    </div>
  );
}
