import { useState } from 'preact/hooks';
import { ApiFailure, api, EpciSignatories, PartnerBodies, SignatoryDraft } from '../api';
import { describeFailure, fieldErrors, plural } from '../fr';
import { describeCsvProblem } from '../fr-territory';
import { DownloadButton } from './download-button';
import { Checkbox, Field, FieldError, Notice } from './field';

/** Where the signatories come from, as the campaign's form takes them. */
export interface TerritoryChoice {
  territory: { name: string; siren?: string };
  /** A CSV may give each body's SIRET, which the launch carries on (the open-data export needs it). */
  signatories: (Pick<SignatoryDraft, 'id' | 'kind' | 'name' | 'required' | 'email'> & { siret?: string })[];
}

interface PartnerChoice {
  caf: boolean;
  cafName: string;
  departement: boolean;
  departementName: string;
  msa: boolean;
  msaName: string;
}

function partnersOf(p: PartnerChoice): PartnerBodies {
  return {
    ...(p.caf ? { caf: p.cafName.trim() } : {}),
    ...(p.departement ? { departement: p.departementName.trim() } : {}),
    ...(p.msa ? { msa: p.msaName.trim() } : {}),
  };
}

/** A CSV saved by a spreadsheet as UTF-8, or undefined: the server reads UTF-8 only. */
async function readUtf8(file: File): Promise<string | undefined> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return undefined;
  }
}

function EpciPreview({ proposal, partners, onError }: { proposal: EpciSignatories; partners: PartnerBodies; onError: (text: string) => void }) {
  const t = proposal.territory;
  const communes = proposal.signatories.filter((s) => s.kind === 'commune').length;
  const others = proposal.signatories.length - communes - 1;
  return (
    <div class="card preview" data-testid="territory-preview">
      <h3>{t.name}</h3>
      <p>
        SIREN {t.siren} — {plural(communes, 'commune membre', 'communes membres')}, {t.population.toLocaleString('fr-FR')} habitants, département principal :{' '}
        {t.departement.name} ({t.departement.code}).
      </p>
      <p>
        {plural(proposal.signatories.length, 'signataire proposé', 'signataires proposés')} : l’intercommunalité, {plural(communes, 'commune', 'communes')}
        {others > 0 ? ` et ${plural(others, 'partenaire', 'partenaires')}` : ''}.
      </p>
      <p class="muted small">Source : code officiel géographique de l’INSEE ({t.source}).</p>
      <DownloadButton
        label="Télécharger la liste en CSV, pour la compléter dans un tableur"
        fileName={`signataires-${t.siren}.csv`}
        fetchFile={() => api.epciSignatoriesCsv(t.siren, partners)}
        onError={onError}
      />
    </div>
  );
}

/** The first step of a new campaign: the signatories proposed from an EPCI's SIREN, or read from a CSV file. */
export function TerritorySource({ onLoaded }: { onLoaded: (choice: TerritoryChoice) => void }) {
  const [source, setSource] = useState<'siren' | 'csv'>('siren');
  const [siren, setSiren] = useState('');
  const [partners, setPartners] = useState<PartnerChoice>({ caf: true, cafName: '', departement: true, departementName: '', msa: false, msaName: '' });
  const [file, setFile] = useState<File | undefined>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [csvProblems, setCsvProblems] = useState<string[]>([]);
  const [loaded, setLoaded] = useState<{ proposal?: EpciSignatories; partners: PartnerBodies; summary: string } | undefined>();
  const setPartner = (change: Partial<PartnerChoice>) => setPartners({ ...partners, ...change });

  const reset = () => {
    setErrors({});
    setFailure('');
    setCsvProblems([]);
  };
  const loadedFrom = (choice: TerritoryChoice, summary: string, proposal?: EpciSignatories, asked: PartnerBodies = {}) => {
    setLoaded({ proposal, partners: asked, summary });
    onLoaded(choice);
  };

  const lookUp = async () => {
    const value = siren.replace(/\s+/g, '');
    const local: Record<string, string> = {};
    if (!/^\d{9}$/.test(value)) local.siren = 'Un SIREN compte 9 chiffres (par exemple 200071298).';
    if (partners.msa && !partners.msaName.trim()) local.msa = 'Indiquez le nom de la MSA (par exemple MSA Midi-Pyrénées Sud).';
    if (Object.keys(local).length) return setErrors(local);
    const asked = partnersOf(partners);
    const proposal = await api.epciSignatories(value, asked);
    loadedFrom(
      { territory: { name: proposal.territory.name, siren: proposal.territory.siren }, signatories: proposal.signatories },
      `${plural(proposal.signatories.length, 'signataire proposé', 'signataires proposés')} pour ${proposal.territory.name} : saisissez leurs adresses électroniques ci-dessous.`,
      proposal,
      asked,
    );
  };

  const importFile = async () => {
    if (!file) return setErrors({ csv: 'Choisissez un fichier CSV.' });
    const text = await readUtf8(file);
    if (text === undefined) return setErrors({ csv: 'Ce fichier n’est pas en UTF-8 : enregistrez-le au format « CSV UTF-8 » et choisissez-le à nouveau.' });
    const imported = await api.importCsv(text);
    loadedFrom(
      { territory: imported.territory ?? { name: '' }, signatories: imported.signatories },
      `${plural(imported.signatories.length, 'signataire lu', 'signataires lus')} dans « ${file.name} » : vérifiez-les ci-dessous.`,
    );
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    reset();
    setBusy(true);
    try {
      await (source === 'siren' ? lookUp() : importFile());
    } catch (error) {
      const fields = fieldErrors(error);
      if (source === 'csv' && error instanceof ApiFailure && error.status === 422) {
        setFailure(describeFailure(error));
        setCsvProblems(error.fields.map(describeCsvProblem));
      } else if (error instanceof ApiFailure && error.status === 404 && source === 'siren') {
        setErrors({ siren: describeFailure(error) });
      } else {
        setErrors(fields);
        setFailure(Object.keys(fields).length ? '' : describeFailure(error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" noValidate onSubmit={submit} aria-labelledby="territoire-titre">
      <h2 id="territoire-titre">1. Territoire et signataires</h2>
      <fieldset class="field">
        <legend>D’où viennent les signataires ?</legend>
        <div class="choices">
          <div class="choice">
            <input type="radio" id="source-siren" name="source" checked={source === 'siren'} onChange={() => setSource('siren')} />
            <label for="source-siren">D’une intercommunalité, par son SIREN : elle, ses communes membres et les partenaires choisis</label>
          </div>
          <div class="choice">
            <input type="radio" id="source-csv" name="source" checked={source === 'csv'} onChange={() => setSource('csv')} />
            <label for="source-csv">D’un fichier CSV</label>
          </div>
        </div>
      </fieldset>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {csvProblems.length ? (
        <div class="error-summary" role="alert" aria-labelledby="csv-problemes-titre">
          <h3 id="csv-problemes-titre">
            <span aria-hidden="true">⚠ </span>
            {plural(csvProblems.length, 'problème', 'problèmes')} dans le fichier
          </h3>
          <ul data-testid="csv-problems">
            {csvProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {source === 'siren' ? (
        <>
          <Field
            id="siren"
            label="SIREN de l’intercommunalité"
            required
            hint="9 chiffres, par exemple 200071298 pour la Communauté de communes des Terres du Lauragais."
            inputMode="numeric"
            autoComplete="off"
            maxLength={11}
            value={siren}
            onValue={setSiren}
            error={errors.siren}
          />
          <fieldset class="field group">
            <legend>Partenaires à ajouter</legend>
            <p class="hint">Laissez un nom vide pour celui du département principal de l’intercommunalité.</p>
            {(
              [
                ['caf', 'cafName', 'La CAF (signataire obligatoire)', 'Nom de la CAF'],
                ['departement', 'departementName', 'Le conseil départemental', 'Nom du conseil départemental'],
                ['msa', 'msaName', 'La MSA', 'Nom de la MSA'],
              ] as const
            ).map(([key, nameKey, label, nameLabel]) => (
              <div key={key} class="partner">
                <Checkbox id={`partenaire-${key}`} label={label} checked={partners[key]} onChecked={(checked) => setPartner({ [key]: checked })} />
                {partners[key] ? (
                  <Field
                    id={key}
                    label={nameLabel}
                    required={key === 'msa'}
                    hint={key === 'msa' ? 'Par exemple MSA Midi-Pyrénées Sud : ses territoires ne suivent pas les départements.' : undefined}
                    maxLength={300}
                    value={partners[nameKey]}
                    onValue={(v) => setPartner({ [nameKey]: v })}
                    error={errors[key]}
                  />
                ) : null}
              </div>
            ))}
          </fieldset>
        </>
      ) : (
        <div class={`field ${errors.csv ? 'has-error' : ''}`}>
          <label for="csv">
            Fichier CSV des signataires<span class="required-mark"> (obligatoire)</span>
          </label>
          <p class="hint" id="csv-aide">
            En UTF-8, séparé par des virgules ou des points-virgules, avec les colonnes id, kind, name, required et email (insee_code, siren,
            population et postal_code sont facultatives) ; 1 Mio au plus.
          </p>
          <input
            type="file"
            id="csv"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0])}
            aria-invalid={errors.csv ? 'true' : undefined}
            aria-describedby={`csv-aide${errors.csv ? ' csv-erreur' : ''}`}
          />
          <FieldError id="csv" error={errors.csv} />
        </div>
      )}
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Chargement…' : source === 'siren' ? 'Proposer les signataires' : 'Lire le fichier'}
        </button>
      </div>
      <p role="status" aria-live="polite" class={loaded ? 'notice notice-success' : ''}>
        {loaded ? (
          <>
            <span class="notice-icon" aria-hidden="true">
              ✔
            </span>
            <span>{loaded.summary}</span>
          </>
        ) : null}
      </p>
      {loaded?.proposal ? <EpciPreview proposal={loaded.proposal} partners={loaded.partners} onError={setFailure} /> : null}
    </form>
  );
}
