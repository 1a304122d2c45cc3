import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { hasNavigated } from '../router';

interface PageProps {
  title: string;
  /** The visible heading when it differs from the document title. */
  heading?: ComponentChildren;
  nav?: ComponentChildren;
  children: ComponentChildren;
  wide?: boolean;
  /** Move focus to the heading on arrival even on the first page load (after a form's result). */
  focus?: boolean;
}

/** Every page: a skip link, the header, one h1 that takes focus on arrival, and a distinct title. */
export function Page({ title, heading, nav, children, wide, focus }: PageProps) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — Délibérations de la CTG`;
  }, [title]);
  useEffect(() => {
    // After a move inside the app, focus on the heading tells screen-reader users that the page
    // changed; on a first load the browser's own order applies (the skip link first).
    const idle = document.activeElement === document.body || document.activeElement === null;
    if (focus || (hasNavigated() && idle)) h1.current?.focus({ preventScroll: true });
  }, []);
  return (
    <>
      <a class="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header class="site-header">
        <div class={`bar ${wide ? 'wide' : ''}`}>
          <p class="brand">
            <span class="brand-mark" aria-hidden="true">
              CTG
            </span>
            <span>Délibérations et signature de la Convention Territoriale Globale</span>
          </p>
          {nav ? (
            <nav aria-label="Navigation principale" class="site-nav">
              {nav}
            </nav>
          ) : null}
        </div>
      </header>
      <main id="contenu" class={`content ${wide ? 'wide' : ''}`} tabIndex={-1}>
        <h1 ref={h1} tabIndex={-1}>
          {heading ?? title}
        </h1>
        {children}
      </main>
    </>
  );
}
