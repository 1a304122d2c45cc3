import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, WebhookDelivery, WebhookEndpoint } from '../api';
import { describeFailure, fieldErrors, formatTimestamp } from '../fr';
import { Field, Notice } from './field';

const STATUS_LABEL: Record<WebhookDelivery['status'], string> = { pending: 'en attente', delivered: 'livré', failed: 'en échec, nouvel essai prévu' };

/** Whether the endpoint works, was disabled, or is failing, in a few words. */
function endpointState(w: WebhookEndpoint): string {
  if (!w.enabled) return `Désactivé le ${formatTimestamp(w.disabledAt)} (échecs continus)`;
  if (w.failingSince) return `Actif, en échec depuis le ${formatTimestamp(w.failingSince)}`;
  return 'Actif';
}

/**
 * An organisation's webhooks, for its managers: add an endpoint (its secret shown once), rotate the
 * secret, delete, re-enable one disabled after failing, and read its delivery log (« Renvoyer »).
 */
export function WebhooksCard({ siren }: { siren: string }) {
  const [webhooks, setWebhooks] = useState<WebhookEndpoint[]>([]);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState('');
  const [secret, setSecret] = useState<{ url: string; secret: string } | undefined>();
  const [open, setOpen] = useState<string | undefined>();
  const id = `webhook-${siren}`;
  const refresh = () => api.webhooks(siren).then(({ webhooks }) => setWebhooks(webhooks), setFailure);
  useEffect(() => void refresh(), [siren]);

  const act = async (work: () => Promise<string | void>) => {
    try {
      const text = await work();
      setFailure(undefined);
      if (text) setNotice(text);
      await refresh();
    } catch (error) {
      setFailure(error);
      setNotice('');
    }
  };
  const submit = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      const created = await api.addWebhook(siren, url.trim(), description.trim());
      setSecret({ url: created.url, secret: created.secret });
      setUrl('');
      setDescription('');
      return `Webhook ajouté : ${created.url}.`;
    });
  };
  const rotate = (w: WebhookEndpoint) =>
    act(async () => {
      const rotated = await api.rotateWebhookSecret(siren, w.id);
      setSecret({ url: rotated.url, secret: rotated.secret });
      return `Nouveau secret pour ${w.url} : l’ancien reste valable jusqu’au ${formatTimestamp(rotated.previousSecretExpiresAt)}.`;
    });
  const remove = (w: WebhookEndpoint) => {
    if (!confirm(`Supprimer le webhook ${w.url} ? Plus rien ne lui sera envoyé et son journal sera effacé.`)) return;
    void act(async () => (await api.deleteWebhook(siren, w.id), `Webhook supprimé : ${w.url}.`));
  };
  const enable = (w: WebhookEndpoint) =>
    act(async () => (await api.enableWebhook(siren, w.id), w.pending ? `Webhook réactivé : ${w.pending} envoi(s) en attente partent, dans l’ordre.` : 'Webhook réactivé.'));

  const errors = failure ? fieldErrors(failure) : {};
  return (
    <section aria-labelledby={`${id}-titre`}>
      <h3 id={`${id}-titre`}>Webhooks</h3>
      <p class="hint">
        Chaque événement des campagnes de l’organisation est envoyé aux adresses ci-dessous, signé (Standard Webhooks), dans l’ordre de chaque campagne.
      </p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {failure && !errors.url && !errors.description ? <Notice kind="error">{describeFailure(failure)}</Notice> : null}
      {secret ? (
        <div class="notice success" role="status">
          <p>
            Secret de signature de {secret.url} : <code>{secret.secret}</code>
          </p>
          <p class="hint">Copiez-le maintenant dans le système qui reçoit les webhooks : il ne sera plus affiché.</p>
        </div>
      ) : null}
      {webhooks.length ? (
        <StackedTable caption="Webhooks de l’organisation" columns={['Adresse', 'État', 'En attente', 'Actions']}>
          {webhooks.map((w) => (
            <tr key={w.id}>
              <td data-label="Adresse">
                {w.url}
                {w.description ? <span class="muted"> — {w.description}</span> : null}
              </td>
              <td data-label="État">{endpointState(w)}</td>
              <td data-label="En attente">{w.pending}</td>
              <td data-label="Actions">
                <button type="button" class="button secondary small" aria-expanded={open === w.id} onClick={() => setOpen(open === w.id ? undefined : w.id)}>
                  Journal<span class="visually-hidden"> de {w.url}</span>
                </button>{' '}
                {w.enabled ? null : (
                  <button type="button" class="button small" onClick={() => void enable(w)}>
                    Réactiver<span class="visually-hidden"> {w.url}</span>
                  </button>
                )}{' '}
                <button type="button" class="button secondary small" onClick={() => void rotate(w)}>
                  Changer le secret<span class="visually-hidden"> de {w.url}</span>
                </button>{' '}
                <button type="button" class="button secondary small" onClick={() => remove(w)}>
                  Supprimer<span class="visually-hidden"> {w.url}</span>
                </button>
              </td>
            </tr>
          ))}
        </StackedTable>
      ) : null}
      {open ? <DeliveryLog siren={siren} webhook={webhooks.find((w) => w.id === open)} onChanged={refresh} /> : null}
      <form class="form" noValidate onSubmit={submit} aria-label="Ajouter un webhook">
        <Field id={`${id}-url`} label="Adresse du récepteur (https://…)" type="text" inputMode="text" autoComplete="off" maxLength={2000} value={url} onValue={setUrl} error={errors.url} required />
        <Field id={`${id}-description`} label="Description" maxLength={200} value={description} onValue={setDescription} error={errors.description} />
        <p class="actions">
          <button type="submit" class="button">
            Ajouter le webhook
          </button>
        </p>
      </form>
    </section>
  );
}

/** The endpoint's deliveries, newest first, each with « Renvoyer ». */
function DeliveryLog({ siren, webhook, onChanged }: { siren: string; webhook: WebhookEndpoint | undefined; onChanged: () => void }) {
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | undefined>();
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | undefined>();
  const load = () =>
    webhook ? api.webhookDeliveries(siren, webhook.id).then(({ deliveries }) => setDeliveries(deliveries), (error) => setMessage({ kind: 'error', text: describeFailure(error) })) : undefined;
  useEffect(() => void load(), [webhook?.id]);
  if (!webhook) return null;
  const redeliver = async (d: WebhookDelivery) => {
    try {
      await api.redeliverWebhook(siren, webhook.id, d.id);
      setMessage({ kind: 'success', text: `${d.type} n° ${d.seq} sera renvoyé (même identifiant : le récepteur reconnaît un doublon).` });
      await load();
      onChanged();
    } catch (error) {
      setMessage({ kind: 'error', text: describeFailure(error) });
    }
  };
  return (
    <div>
      <h4>Journal des envois de {webhook.url}</h4>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {!deliveries ? <p role="status">Chargement du journal…</p> : null}
      {deliveries && deliveries.length === 0 ? <p>Aucun envoi pour l’instant.</p> : null}
      {deliveries?.length ? (
        <StackedTable caption="Envois du webhook, du plus récent au plus ancien" columns={['Événement', 'État', 'Essais', 'Dernière erreur', 'Actions']}>
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td data-label="Événement">
                {d.type} n° {d.seq}
                <span class="muted"> — {d.campaignId}</span>
              </td>
              <td data-label="État">
                {STATUS_LABEL[d.status]}
                {d.deliveredAt && d.status === 'delivered' ? ` le ${formatTimestamp(d.deliveredAt, true)}` : ''}
                {d.status !== 'delivered' && d.nextAttemptAt ? ` (prochain essai ${formatTimestamp(d.nextAttemptAt, true)})` : ''}
              </td>
              <td data-label="Essais">{d.attempts}</td>
              <td data-label="Dernière erreur">{d.lastError ?? '—'}</td>
              <td data-label="Actions">
                <button type="button" class="button secondary small" onClick={() => void redeliver(d)}>
                  Renvoyer<span class="visually-hidden"> {d.type} n° {d.seq}</span>
                </button>
              </td>
            </tr>
          ))}
        </StackedTable>
      ) : null}
    </div>
  );
}

/** A table that stacks into one card per row on a phone (the signatories table's style): each cell names its column. */
function StackedTable({ caption, columns, children }: { caption: string; columns: string[]; children: ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table class="signatories">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
