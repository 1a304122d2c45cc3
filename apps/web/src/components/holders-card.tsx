import { useState } from 'preact/hooks';
import { api, CampaignHolder } from '../api';
import { Field } from './field';
import { describeFailure, fieldErrors } from '../fr';

/**
 * The organisations holding the campaign: the one that launched it and its partners, whose members
 * see it by their role. The owner's managers share it with a partner by its SIREN, or stop.
 */
export function HoldersCard({
  id,
  holders,
  canShare,
  onChanged,
  onDone,
  onError,
}: {
  id: string;
  holders: CampaignHolder[];
  canShare: boolean;
  onChanged: (holders: CampaignHolder[]) => void;
  onDone: (text: string) => void;
  onError: (text: string) => void;
}) {
  const [siren, setSiren] = useState('');
  const [failure, setFailure] = useState<unknown>();
  const share = async (event: Event) => {
    event.preventDefault();
    try {
      const { organisations } = await api.shareCampaign(id, siren.trim());
      setFailure(undefined);
      setSiren('');
      onChanged(organisations);
      const partner = organisations.find((o) => o.siren === siren.trim());
      onDone(`La campagne est partagée avec ${partner?.name ?? siren.trim()}.`);
    } catch (error) {
      setFailure(error);
    }
  };
  const unshare = async (holder: CampaignHolder) => {
    if (!confirm(`Ne plus partager la campagne avec ${holder.name} ? Ses membres ne la verront plus.`)) return;
    try {
      await api.unshareCampaign(id, holder.siren);
      onChanged(holders.filter((h) => h.siren !== holder.siren));
      onDone(`La campagne n’est plus partagée avec ${holder.name}.`);
    } catch (error) {
      onError(describeFailure(error));
    }
  };
  const errors = failure ? fieldErrors(failure) : {};
  return (
    <div class="card action">
      <h3>Organisations</h3>
      <ul>
        {holders.map((h) => (
          <li key={h.siren}>
            {h.name} ({h.relation === 'owner' ? 'a lancé la campagne' : 'partenaire'})
            {canShare && h.relation === 'partner' ? (
              <>
                {' '}
                <button type="button" class="button secondary small" onClick={() => void unshare(h)}>
                  Ne plus partager<span class="visually-hidden"> avec {h.name}</span>
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {canShare ? (
        <form noValidate onSubmit={share}>
          <Field
            id="partage-siren"
            label="Partager avec l’organisation de SIREN"
            hint="Ses responsables agiront sur la campagne, ses observateurs la consulteront."
            inputMode="numeric"
            maxLength={9}
            value={siren}
            onValue={setSiren}
            error={errors.siren ?? (failure && !errors.siren ? describeFailure(failure) : undefined)}
          />
          <p class="actions">
            <button type="submit" class="button secondary">
              Partager
            </button>
          </p>
        </form>
      ) : null}
    </div>
  );
}
