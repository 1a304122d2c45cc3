import { useEffect, useState } from 'preact/hooks';
import { saveAdminSession } from '../api';
import { Notice } from '../components/field';
import { Page } from '../components/page';

/** Why the API let nobody in, by the code it puts in the fragment (apps/api/src/proconnect). */
const REFUSALS: Record<string, string> = {
  etat: 'La connexion n’a pas pu être vérifiée (elle a expiré, a déjà servi ou a été commencée dans un autre navigateur). Recommencez.',
  fournisseur: 'La réponse de ProConnect n’a pas pu être vérifiée. Recommencez ; si cela se répète, prévenez l’opérateur de l’installation.',
  refus: 'La connexion a été annulée sur ProConnect.',
  'organisation-inconnue': 'Votre organisation (d’après le SIRET transmis par ProConnect) n’utilise pas encore ce service : demandez à l’opérateur de l’installation de la créer.',
  'non-membre': 'Votre adresse électronique n’est pas membre de votre organisation sur ce service : demandez à un responsable de votre organisation de vous y ajouter.',
};

/**
 * `/connexion-proconnect`: where the API sends the browser back after ProConnect, with the session
 * or the reason of the refusal in the fragment, which this page takes out of the address at once.
 */
export function ProConnectReturnPage() {
  const [refusal, setRefusal] = useState<string | undefined>();
  useEffect(() => {
    const outcome = new URLSearchParams(location.hash.slice(1));
    history.replaceState(null, '', location.pathname);
    const accessToken = outcome.get('jeton');
    const expiresAt = outcome.get('expire');
    if (accessToken && expiresAt) {
      saveAdminSession({ accessToken, expiresAt, idToken: outcome.get('idt') ?? undefined });
      // A load of its own: this page's effect runs before the app's router listens for navigations.
      location.replace('/campagnes');
      return;
    }
    setRefusal(REFUSALS[outcome.get('erreur') ?? ''] ?? 'La connexion avec ProConnect n’a pas abouti. Recommencez.');
  }, []);
  return (
    <Page title="Connexion avec ProConnect">
      {refusal ? <Notice kind="error">{refusal}</Notice> : <p role="status">Connexion en cours…</p>}
      <p>
        <a href="/">Retour à la page de connexion</a>
      </p>
    </Page>
  );
}
