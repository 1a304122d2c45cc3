import axe from 'axe-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** The WCAG 2.1 A and AA rules, which the RGAA (the French public sector's reference) builds on. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs in the page, where `axe` is the script below (a text: the tests are compiled without the DOM's types). */
const RUN_AXE = `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_21_AA)} } }).then((result) =>
  result.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`;

/**
 * axe-core's violations on the page as it stands, one line each (`rule (impact): help: selectors`).
 * It is evaluated through the browser's debugging protocol, so the page's Content-Security-Policy,
 * which the tests check too, stays as strict as in production.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axe.source);
  return (await page.evaluate(RUN_AXE)) as string[];
}

/**
 * A browser spec's check of each page it visits: axe-core's violations go into `violations`
 * (named by the page's state), and a screenshot into the temp folder as `ctg-<spec>-<state>.png`.
 */
export function pageChecker(spec: string, violations: string[]): (page: Page, state: string) => Promise<void> {
  return async (page, state) => {
    for (const violation of await accessibilityViolations(page)) violations.push(`${state}: ${violation}`);
    await page.screenshot({ path: join(tmpdir(), `ctg-${spec}-${state}.png`), fullPage: true });
  };
}
