import { useEffect } from 'preact/hooks';
import { adminSession, clearAdminSession, setOnAdminUnauthorized } from './api';
import { navigate, onLinkClick, useLocation } from './router';
import { LoginPage } from './pages/login';
import { CampaignsPage, NEW_CAMPAIGN_PATH, ORGANISATIONS_PATH } from './pages/campaigns';
import { CampaignPage } from './pages/campaign';
import { NewCampaignPage } from './pages/new-campaign';
import { DeliberationPage } from './pages/deliberation';
import { SignaturePage } from './pages/signature';
import { OrganisationsPage } from './pages/organisations';
import { NOTIFICATIONS_PATH, NotificationsPage } from './pages/notifications';
import { ProConnectReturnPage } from './pages/proconnect-return';
import { InvitationPage } from './pages/invitation';
import { SERVICE_HEALTH_PATH, ServiceHealthPage } from './pages/service-health';
import { Page } from './components/page';

export function App() {
  const { path, search } = useLocation();

  useEffect(() => {
    document.addEventListener('click', onLinkClick);
    setOnAdminUnauthorized(() => navigate('/?expiree=1', true));
    return () => document.removeEventListener('click', onLinkClick);
  }, []);

  if (path === '/deliberation') return <DeliberationPage search={search} />;
  if (path === '/signature') return <SignaturePage />;
  if (path === '/connexion-proconnect') return <ProConnectReturnPage />;
  if (path === '/invitation') return <InvitationPage />;
  if (path === '/') return <LoginPage expired={search.get('expiree') === '1'} />;

  const adminOnly =
    path === '/campagnes' || path === NEW_CAMPAIGN_PATH || path === ORGANISATIONS_PATH || path === NOTIFICATIONS_PATH || path === SERVICE_HEALTH_PATH || path.startsWith('/campagnes/');
  if (adminOnly && !adminSession()) {
    return <LoginPage expired={false} next={path} />;
  }
  const logout = () => {
    const idToken = adminSession()?.idToken;
    clearAdminSession();
    // Signed in with ProConnect: the session there ends too, and the provider sends the browser back home.
    if (idToken) location.assign(`/auth/proconnect/logout?id_token_hint=${encodeURIComponent(idToken)}`);
    else navigate('/');
  };
  if (path === '/campagnes') return <CampaignsPage onLogout={logout} />;
  if (path === NEW_CAMPAIGN_PATH) return <NewCampaignPage onLogout={logout} />;
  if (path === ORGANISATIONS_PATH) return <OrganisationsPage onLogout={logout} />;
  if (path === NOTIFICATIONS_PATH) return <NotificationsPage onLogout={logout} />;
  if (path === SERVICE_HEALTH_PATH) return <ServiceHealthPage onLogout={logout} />;
  const match = /^\/campagnes\/([^/]+)$/.exec(path);
  if (match) return <CampaignPage id={decodeURIComponent(match[1])} onLogout={logout} />;
  return (
    <Page title="Page introuvable">
      <p>Cette page n’existe pas.</p>
      <p>
        <a href="/">Retour à l’accueil</a>
      </p>
    </Page>
  );
}
