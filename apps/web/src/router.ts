import { useEffect, useState } from 'preact/hooks';

/** A tiny history router: five pages do not need a library. */
let navigations = 0;
/** Whether the user moved between pages in the app (then each new page's heading takes focus). */
export const hasNavigated = () => navigations > 0;

export function navigate(to: string, replace = false): void {
  navigations++;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event('ctg:navigate'));
}

/**
 * Reads a parameter of the address and takes it out of the address bar (and so out of the
 * history, bookmarks and anything shown on screen), keeping the rest of the address. Not a
 * navigation: the page stays as it is.
 */
export function takeFromAddressBar(name: string): string | null {
  const url = new URL(location.href);
  const value = url.searchParams.get(name);
  if (!url.searchParams.has(name)) return value;
  url.searchParams.delete(name);
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  return value;
}

/**
 * A personal link's token: read from the address once, then kept only in this tab's
 * sessionStorage under `storageKey`, so that it leaves the address bar (a shared screen, the
 * history, a copied address) while a reload of the page still works.
 */
export function linkToken(storageKey: string): string {
  const fromAddress = takeFromAddressBar('token');
  try {
    if (fromAddress) sessionStorage.setItem(storageKey, fromAddress);
    return fromAddress || sessionStorage.getItem(storageKey) || '';
  } catch {
    return fromAddress ?? '';
  }
}

export function useLocation(): { path: string; search: URLSearchParams } {
  const read = () => ({ path: location.pathname.replace(/\/+$/, '') || '/', search: new URLSearchParams(location.search) });
  const [where, setWhere] = useState(read);
  useEffect(() => {
    const update = () => {
      navigations++;
      setWhere(read());
    };
    window.addEventListener('popstate', update);
    window.addEventListener('ctg:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('ctg:navigate', update);
    };
  }, []);
  return where;
}

/** Same-origin links navigate without reloading; modified clicks (new tab) keep the browser's way. */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}
