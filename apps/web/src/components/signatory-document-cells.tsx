import { api, SignatoryRow } from '../api';
import { formatSize, formatTimestamp } from '../fr';
import { DownloadButton } from './download-button';

/**
 * « Convention consultée le … » (the body's read receipt of the version it last opened), or « pas
 * encore consultée »; and a warning when the body voted on an older version than the one in force.
 */
export function ConventionCell({ row, inForce }: { row: SignatoryRow; inForce: number | undefined }) {
  const receipts = row.conventionConsulted ?? [];
  const last = receipts.length ? receipts.reduce((a, b) => (b.version >= a.version ? b : a)) : undefined;
  const voted = row.deliberation ? row.conventionVersionVoted : undefined;
  return (
    <>
      {last ? (
        <span class="consulted">
          <span aria-hidden="true">✔ </span>Convention consultée le {formatTimestamp(last.at)}
          {inForce !== undefined && inForce > 1 ? ` (version ${last.version})` : ''}
        </span>
      ) : (
        <span class="muted">Convention pas encore consultée</span>
      )}
      {last && inForce !== undefined && last.version < inForce ? (
        <span class="muted small"> — la version {inForce} ne l’a pas encore été</span>
      ) : null}
      {voted && inForce !== undefined && voted < inForce ? (
        <span class="badge late older-version">
          <span aria-hidden="true">⚠ </span>a voté sur la version {voted}
        </span>
      ) : null}
    </>
  );
}

/** The body's act in force, with its download, and how many versions came before. */
export function ActCell({ id, row, onError }: { id: string; row: SignatoryRow; onError: (text: string) => void }) {
  const acts = row.acts ?? [];
  const act = acts[acts.length - 1];
  if (!act) return <span class="muted">aucun acte déposé</span>;
  return (
    <>
      <span class="act-name">
        Acte « {act.name} » <span class="muted small">(version {act.version}, {formatSize(act.size)}, reçu le {formatTimestamp(act.attachedAt)})</span>
      </span>{' '}
      <DownloadButton
        label={`Acte v${act.version}`}
        hiddenLabel={`: télécharger l’acte de ${row.name}`}
        fileName={act.name}
        fetchFile={() => api.actFile(id, row.id, act.version)}
        onError={onError}
        small
      />
    </>
  );
}
