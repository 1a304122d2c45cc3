import { api } from '../api';
import { DownloadButton } from './download-button';

/** The campaign's deliberations in the SCDL schema, which a territory publishes on data.gouv.fr as it is. */
export function OpenDataCard({ id, onError }: { id: string; onError: (text: string) => void }) {
  return (
    <div class="card action">
      <h3>Données ouvertes</h3>
      <p class="hint">
        Les délibérations adoptées ou rejetées au format du schéma SCDL « délibérations » (2.1.3), à publier tel quel sur data.gouv.fr. Chaque
        collectivité doit avoir son SIRET.
      </p>
      <DownloadButton label="Données ouvertes (SCDL)" fileName={`${id}-deliberations-scdl.csv`} fetchFile={() => api.openDataCsv(id)} onError={onError} />
    </div>
  );
}
