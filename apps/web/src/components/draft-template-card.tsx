import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { describeFailure } from '../fr';
import { FieldError, Notice } from './field';
import { useAction } from './use-action';

/** The wording of every body's draft deliberation for this campaign: edited as text with {{placeholders}}, or the product's own. */
export function DraftTemplateCard({ id, open, onDone }: { id: string; open: boolean; onDone: (text: string) => void }) {
  const [text, setText] = useState<string | undefined>();
  const [replaced, setReplaced] = useState(false);
  const [placeholders, setPlaceholders] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState('');
  const { busy, errors, setErrors, failure, run } = useAction(onDone);

  useEffect(() => {
    let stop = false;
    api
      .draftTemplate(id)
      .then((t) => {
        if (stop) return;
        setText(t.text);
        setReplaced(t.replaced);
        setPlaceholders(t.placeholders);
      })
      .catch((error) => !stop && setLoadError(describeFailure(error)));
    return () => {
      stop = true;
    };
  }, [id]);

  const save = async (value: string | null, success: string) => {
    if (value !== null && !value.trim()) {
      setErrors({ text: 'Saisissez le texte du projet de délibération, ou rétablissez le texte par défaut.' });
      document.getElementById('projet-texte')?.focus();
      return;
    }
    let answer: { text: string; replaced: boolean } | undefined;
    const ok = await run(async () => {
      answer = await api.replaceDraftTemplate(id, value);
    }, success);
    if (ok && answer) {
      setText(answer.text);
      setReplaced(answer.replaced);
    } else if (!ok) {
      setTimeout(() => document.getElementById('projet-texte')?.focus(), 0);
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    void save(text ?? '', 'Texte du projet de délibération enregistré : les prochains téléchargements le suivent.');
  };

  return (
    <form class="card action wide-card" noValidate onSubmit={submit} aria-labelledby="projet-form-titre">
      <h3 id="projet-form-titre">Projet de délibération</h3>
      <p class="hint">
        Chaque secrétariat télécharge ce texte, prérempli pour son assemblée, en DOCX ou ODT.{' '}
        {text === undefined ? '' : replaced ? 'Texte propre à cette campagne.' : 'Texte par défaut.'}
      </p>
      {loadError ? <Notice kind="error">{loadError}</Notice> : null}
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {text === undefined ? (
        loadError ? null : <p role="status">Chargement du texte…</p>
      ) : (
        <>
          <div class={`field ${errors.text ? 'has-error' : ''}`}>
            <label for="projet-texte">Texte du projet de délibération</label>
            <p class="hint" id="projet-texte-aide">
              Paragraphes séparés par une ligne vide ; une ligne commençant par « # » est un titre. Les balises entre doubles accolades sont
              remplacées pour chaque signataire :
            </p>
            <ul class="placeholders" aria-label="Balises disponibles">
              {Object.entries(placeholders).map(([name, description]) => (
                <li key={name}>
                  <code>{`{{${name}}}`}</code> : {description}
                </li>
              ))}
            </ul>
            <textarea
              id="projet-texte"
              rows={12}
              maxLength={20000}
              value={text}
              disabled={!open}
              spellcheck
              onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
              aria-invalid={errors.text ? 'true' : undefined}
              aria-describedby={`projet-texte-aide${errors.text ? ' projet-texte-erreur' : ''}`}
            />
            <FieldError id="projet-texte" error={errors.text} />
          </div>
          {open ? (
            <div class="actions">
              <button type="submit" class="button" disabled={busy}>
                Enregistrer le texte
              </button>
              <button
                type="button"
                class="button secondary"
                disabled={busy || !replaced}
                onClick={() => void save(null, 'Texte par défaut du projet de délibération rétabli.')}
              >
                Rétablir le texte par défaut
              </button>
            </div>
          ) : null}
        </>
      )}
    </form>
  );
}
