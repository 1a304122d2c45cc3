import axe from 'axe-core';
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
