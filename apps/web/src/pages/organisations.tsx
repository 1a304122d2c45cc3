import { useEffect, useState } from 'preact/hooks';
import { api, Identity, Member, MemberRole, Organisation, OrganisationKind, PendingInvitation } from '../api';
import { Field, Notice } from '../components/field';
import { Page } from '../components/page';
import { WebhooksCard } from '../components/webhooks-card';
import { describeFailure, fieldErrors, formatTimestamp } from '../fr';
import { AdminNav } from './campaigns';


export const ROLE_LABEL: Record<MemberRole, string> = { manager: 'responsable', observer: 'observateur' };
const KIND_LABEL: Record<OrganisationKind, string> = {
  caf: 'CAF',
  epci: 'EPCI',
  departement: 'Conseil départemental',
  msa: 'MSA',
  commune: 'Commune',
};

/**
 * `/organisations`: the administrator's organisations and their members. A manager adds a member
 * (an account of the installation), changes a role or removes a member; the operator also creates
 * organisations.
 */
export function OrganisationsPage({ onLogout }: { onLogout: () => void }) {
  const [me, setMe] = useState<Extract<Identity, { kind: 'administrator' }> | undefined>();
  const [organisations, setOrganisations] = useState<Organisation[] | undefined>();
  const [failure, setFailure] = useState('');

  const load = async () => {
    try {
      const [who, { organisations }] = await Promise.all([api.me(), api.organisations()]);
      if (who.kind === 'administrator') setMe(who);
      setOrganisations(organisations);
      setFailure('');
    } catch (error) {
      setFailure(describeFailure(error));
    }
  };
  useEffect(() => void load(), []);

  return (
    <Page title="Organisations" nav={<AdminNav onLogout={onLogout} current="organisations" />}>
      <p>
        Une campagne appartient à l’organisation qui l’a lancée et peut être partagée avec des organisations partenaires. Un{' '}
        <strong>responsable</strong> lance les campagnes, agit sur elles et gère les membres ; un <strong>observateur</strong> consulte les campagnes et
        télécharge leurs pièces, sans rien modifier.
      </p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {!organisations && !failure ? <p role="status">Chargement des organisations…</p> : null}
      {organisations && organisations.length === 0 ? <p>Vous n’êtes membre d’aucune organisation.</p> : null}
      {organisations?.map((o) => (
        <OrganisationCard key={o.siren} organisation={o} canManage={o.role === 'manager' || me?.operator === true} myEmail={me?.email ?? ''} />
      ))}
      {me?.operator ? <NewOrganisationForm onCreated={load} /> : null}
    </Page>
  );
}

function OrganisationCard({ organisation, canManage, myEmail }: { organisation: Organisation; canManage: boolean; myEmail: string }) {
  const [members, setMembers] = useState<Member[] | undefined>();
  const [notice, setNotice] = useState<{ kind: 'error' | 'success'; text: string } | undefined>();
  const headingId = `organisation-${organisation.siren}`;

  const refresh = async () => {
    try {
      setMembers((await api.organisation(organisation.siren)).members);
    } catch (error) {
      setNotice({ kind: 'error', text: describeFailure(error) });
    }
  };
  useEffect(() => void refresh(), [organisation.siren]);

  const change = async (email: string, role: MemberRole) => {
    try {
      setMembers((await api.setMember(organisation.siren, email, role)).members);
      setNotice({ kind: 'success', text: `${email} est maintenant ${ROLE_LABEL[role]}.` });
    } catch (error) {
      setNotice({ kind: 'error', text: describeFailure(error) });
    }
  };
  const remove = async (email: string) => {
    if (!confirm(`Retirer ${email} de ${organisation.name} ? Ses sessions prennent fin aussitôt.`)) return;
    try {
      await api.removeMember(organisation.siren, email);
      setNotice({ kind: 'success', text: `${email} n’est plus membre de ${organisation.name}.` });
      await refresh();
    } catch (error) {
      setNotice({ kind: 'error', text: describeFailure(error) });
    }
  };

  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId} class="card-title">
        {organisation.name}
      </h2>
      <p class="muted">
        {KIND_LABEL[organisation.kind]} · SIREN {organisation.siren}
        {organisation.role ? ` · vous êtes ${ROLE_LABEL[organisation.role]}` : ' · vous n’en êtes pas membre (opérateur)'}
      </p>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {members ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Membres de {organisation.name}</caption>
            <thead>
              <tr>
                <th scope="col">Adresse électronique</th>
                <th scope="col">Rôle</th>
                {canManage ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.email}>
                  <td>
                    {m.email}
                    {m.email === myEmail ? ' (vous)' : ''}
                    {m.disabled ? ' — compte désactivé' : ''}
                  </td>
                  <td>
                    {canManage ? (
                      <select
                        aria-label={`Rôle de ${m.email}`}
                        value={m.role}
                        onChange={(e) => void change(m.email, (e.currentTarget as HTMLSelectElement).value as MemberRole)}
                      >
                        <option value="manager">{ROLE_LABEL.manager}</option>
                        <option value="observer">{ROLE_LABEL.observer}</option>
                      </select>
                    ) : (
                      ROLE_LABEL[m.role]
                    )}
                  </td>
                  {canManage ? (
                    <td>
                      <button type="button" class="button secondary small" onClick={() => void remove(m.email)}>
                        Retirer<span class="visually-hidden"> {m.email}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p role="status">Chargement des membres…</p>
      )}
      {canManage ? <Invitations siren={organisation.siren} /> : null}
      {canManage ? <WebhooksCard siren={organisation.siren} /> : null}
      {canManage ? <AddMemberForm siren={organisation.siren} onAdded={(list, text) => (setMembers(list), setNotice({ kind: 'success', text }))} /> : null}
    </section>
  );
}

/** Invitations by e-mail: the form, and those awaiting an answer, which a manager may withdraw. */
function Invitations({ siren }: { siren: string }) {
  const [pending, setPending] = useState<PendingInvitation[]>([]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberRole>('observer');
  const [failure, setFailure] = useState<unknown>();
  const [sent, setSent] = useState('');
  const id = `invitation-${siren}`;
  const refresh = () => api.invitations(siren).then(({ invitations }) => setPending(invitations), setFailure);
  useEffect(() => void refresh(), [siren]);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const invited = await api.invite(siren, email.trim(), role);
      setFailure(undefined);
      setEmail('');
      setSent(`Invitation envoyée à ${invited.email}, valable jusqu’au ${formatTimestamp(invited.expiresAt)}.`);
      await refresh();
    } catch (error) {
      setFailure(error);
      setSent('');
    }
  };
  const withdraw = async (address: string) => {
    try {
      await api.withdrawInvitation(siren, address);
      setSent(`L’invitation de ${address} est retirée : son lien ne fonctionne plus.`);
      await refresh();
    } catch (error) {
      setFailure(error);
    }
  };
  const errors = failure ? fieldErrors(failure) : {};
  return (
    <form class="form" noValidate onSubmit={submit} aria-label="Inviter par courriel">
      <h3>Inviter par courriel</h3>
      <p class="hint">La personne reçoit un lien, valable quelques jours, pour créer son compte ou rejoindre l’organisation avec le sien.</p>
      {sent ? <Notice kind="success">{sent}</Notice> : null}
      {failure && !errors.email && !errors.role ? <Notice kind="error">{describeFailure(failure)}</Notice> : null}
      <Field id={`${id}-email`} label="Adresse électronique de la personne invitée" type="email" autoComplete="off" value={email} onValue={setEmail} error={errors.email} required />
      <RoleChoice id={`${id}-role`} label="Rôle proposé" value={role} onValue={setRole} />
      <p class="actions">
        <button type="submit" class="button">
          Envoyer l’invitation
        </button>
      </p>
      {pending.length ? (
        <>
          <h4>Invitations en attente</h4>
          <ul>
            {pending.map((p) => (
              <li key={p.email}>
                {p.email} ({ROLE_LABEL[p.role]}, jusqu’au {formatTimestamp(p.expiresAt)}){' '}
                <button type="button" class="button secondary small" onClick={() => void withdraw(p.email)}>
                  Retirer l’invitation<span class="visually-hidden"> de {p.email}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </form>
  );
}

function AddMemberForm({ siren, onAdded }: { siren: string; onAdded: (members: Member[], text: string) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberRole>('observer');
  const [failure, setFailure] = useState<unknown>();
  const id = `ajout-membre-${siren}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const { members } = await api.setMember(siren, email.trim(), role);
      setFailure(undefined);
      setEmail('');
      onAdded(members, `${email.trim()} est membre, ${ROLE_LABEL[role]}.`);
    } catch (error) {
      setFailure(error);
    }
  };
  const errors = failure ? fieldErrors(failure) : {};
  return (
    <form class="form" noValidate onSubmit={submit} aria-label="Ajouter un membre">
      <h3>Ajouter un compte existant</h3>
      {failure && !errors.role ? <Notice kind="error">{describeFailure(failure)}</Notice> : null}
      <Field id={`${id}-email`} label="Adresse électronique du compte" type="email" autoComplete="off" value={email} onValue={setEmail} required />
      <RoleChoice id={`${id}-role`} label="Rôle" value={role} onValue={setRole} />
      <p class="actions">
        <button type="submit" class="button">
          Ajouter
        </button>
      </p>
    </form>
  );
}

function NewOrganisationForm({ onCreated }: { onCreated: () => void }) {
  const [siren, setSiren] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OrganisationKind>('epci');
  const [failure, setFailure] = useState<unknown>();
  const [created, setCreated] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await api.createOrganisation({ siren: siren.trim(), name: name.trim(), kind });
      setFailure(undefined);
      setCreated(`${name.trim()} est créée : ajoutez-lui un premier responsable.`);
      setSiren('');
      setName('');
      onCreated();
    } catch (error) {
      setFailure(error);
      setCreated('');
    }
  };
  const errors = failure ? fieldErrors(failure) : {};
  return (
    <section class="card" aria-labelledby="nouvelle-organisation">
      <h2 id="nouvelle-organisation" class="card-title">
        Nouvelle organisation
      </h2>
      {created ? <Notice kind="success">{created}</Notice> : null}
      {failure && Object.keys(errors).length === 0 ? <Notice kind="error">{describeFailure(failure)}</Notice> : null}
      <form class="form" noValidate onSubmit={submit}>
        <Field id="organisation-siren" label="SIREN" inputMode="numeric" maxLength={9} value={siren} onValue={setSiren} error={errors.siren} required />
        <Field id="organisation-nom" label="Nom" maxLength={200} value={name} onValue={setName} error={errors.name} required />
        <label for="organisation-type">Type</label>
        <select id="organisation-type" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as OrganisationKind)}>
          {(Object.keys(KIND_LABEL) as OrganisationKind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
        <p class="actions">
          <button type="submit" class="button">
            Créer l’organisation
          </button>
        </p>
      </form>
    </section>
  );
}

/** A member's role, the observer first: the least a person needs is what they are offered first. */
function RoleChoice({ id, label, value, onValue }: { id: string; label: string; value: MemberRole; onValue: (role: MemberRole) => void }) {
  return (
    <>
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value as MemberRole)}>
        <option value="observer">{ROLE_LABEL.observer}</option>
        <option value="manager">{ROLE_LABEL.manager}</option>
      </select>
    </>
  );
}
