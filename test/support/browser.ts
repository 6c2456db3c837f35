import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { AxeResults, ImpactValue } from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type ServedLocalSystem, startServedLocalSystem } from './local-server.ts';
import { definitionsOnce } from './local-system.ts';

/** Where `screenshot` writes its PNGs (git-ignored): for people to look at, not for assertions. */
export const SCREENSHOTS_DIR = fileURLToPath(new URL('../browser/screenshots/', import.meta.url));

/** What to do when there is no Chromium, in one sentence a failing test can show. */
const INSTALL_CHROMIUM =
  "install Debian's Chromium (apt-get install -y chromium, as .ci/run does) " +
  'or set CHROMIUM_PATH to a Chromium or Chrome executable';

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH` when set (it must be executable), else
 * `chromium` on the PATH, else `/usr/bin/chromium`. Throws naming what to install when there is none:
 * a browser test that cannot run fails, it is never skipped.
 */
export function chromiumExecutable(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (isExecutable(configured)) return configured;
    throw new Error(`CHROMIUM_PATH is ${configured}, which is not an executable file: ${INSTALL_CHROMIUM}`);
  }
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
    if (found && isExecutable(found)) return found;
  } catch {
    // Not on the PATH: try Debian's own place below.
  }
  if (isExecutable('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error(
    `No Chromium found (not CHROMIUM_PATH, not chromium on the PATH, not /usr/bin/chromium): ${INSTALL_CHROMIUM}`,
  );
}

/**
 * Starts headless Chromium through playwright-core (which downloads no browser of its own). Close it in
 * an `afterAll`: `await browser.close()`.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumExecutable();
  try {
    return await chromium.launch({ executablePath, headless: true });
  } catch (error) {
    throw new Error(`Chromium at ${executablePath} did not start: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The axe-core tags of WCAG 2.0, 2.1 and 2.2 at levels A and AA: the standard the service must meet. */
export const WCAG_A_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

/** The impacts that fail a page; `minor` and `moderate` ones are in the results for a person to read. */
const FAILING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];

/** How many of a violation's elements the failure message names. */
const TARGETS_SHOWN = 3;

/** An element as axe names it: its selector, through any frames and shadow roots on the way. */
const selectorOf = (target: readonly (string | readonly string[])[]) =>
  target.map((part) => (typeof part === 'string' ? part : part.join(' >> '))).join(' >>> ');

/**
 * GOV.UK Frontend's one known axe finding, kept on purpose: a radio or checkbox that reveals a conditional
 * question carries `aria-expanded`, which screen readers announce though ARIA does not list it for those
 * roles (alphagov/govuk-frontend#979, documented as a known issue). Only that attribute on those inputs
 * is let through; any other attribute, or any other element, still fails.
 */
export function isKnownGovukConditional(
  rule: string,
  node: {
    html: string;
    any: ReadonlyArray<{ data?: unknown }>;
    all: ReadonlyArray<{ data?: unknown }>;
    none: ReadonlyArray<{ data?: unknown }>;
  },
): boolean {
  if (rule !== 'aria-allowed-attr') return false;
  if (!/class="govuk-(radios|checkboxes)__input"/.test(node.html)) return false;
  // axe names the attributes it refused in each check's data: `{ values: ['aria-expanded="false"'] }`.
  const attributes = [...node.any, ...node.all, ...node.none].flatMap((check) => {
    const values = (check.data as { values?: unknown } | undefined)?.values;
    return Array.isArray(values) ? values.map(String) : [];
  });
  return (
    attributes.length > 0 && attributes.every((attribute) => /^aria-expanded="(true|false)"$/.test(attribute))
  );
}

/**
 * Runs axe-core on the page as it is now, against WCAG 2.x A and AA, and fails (through `expect`) when
 * any violation is `serious` or `critical`, listing each one's rule id, impact, help text and the first
 * elements it found. `name` says which page in the message. Returns axe's whole results.
 *
 * The page must come from a context the test made (`browser.newContext()`, then `context.newPage()`):
 * axe's Playwright runner opens a page of its own in that context, which `browser.newPage()` forbids.
 */
export async function checkAccessibility(page: Page, name: string): Promise<AxeResults> {
  const results = await new AxeBuilder({ page }).withTags([...WCAG_A_AA_TAGS]).analyze();
  const failing = results.violations
    .map((violation) => ({
      ...violation,
      nodes: violation.nodes.filter((node) => !isKnownGovukConditional(violation.id, node)),
    }))
    .filter((violation) => violation.nodes.length > 0)
    .filter((violation) => violation.impact && FAILING_IMPACTS.includes(violation.impact))
    .map((violation) => {
      const targets = violation.nodes.map((node) => selectorOf(node.target));
      const more = targets.length > TARGETS_SHOWN ? ` and ${targets.length - TARGETS_SHOWN} more` : '';
      return (
        `- ${violation.id} (${violation.impact}): ${violation.help}\n` +
        `  at ${targets.slice(0, TARGETS_SHOWN).join(', ')}${more}\n` +
        `  ${violation.helpUrl}`
      );
    });
  expect(
    failing.length,
    `${failing.length} serious or critical WCAG 2.x A/AA violation(s) on ${name} (${page.url()}):\n` +
      failing.join('\n'),
  ).toBe(0);
  return results;
}

/**
 * Saves a full-page PNG of the page as `test/browser/screenshots/<name>.png`, for a person to look at
 * (nothing compares it). `name` is letters, digits, `-` and `_`. Returns the file's path.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new Error(`screenshot name ${JSON.stringify(name)} must be letters, digits, - and _ only`);
  }
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Chromium's first start on a busy two-core machine, and closing what a test opened, get this long. */
export const BROWSER_HOOK_TIMEOUT_MS = 180_000;

/** One test's local system, served, and a browser context of its own on it. */
export interface BrowserSession {
  readonly served: ServedLocalSystem;
  readonly context: BrowserContext;
  readonly page: Page;
}

/**
 * Registers a test file's Chromium: launched once before its tests, closed after them. `open(start)` gives
 * a test a served local system on a virtual clock at `start` and a fresh browser context on it (so axe can
 * open its own page there); both are closed after the test, whatever it did.
 */
export function chromiumForTests(): { open(start: Date): Promise<BrowserSession> } {
  let browser: Browser | undefined;
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    definitionsOnce();
    browser = await launchBrowser();
  }, BROWSER_HOOK_TIMEOUT_MS);
  afterEach(async () => {
    await session?.context.close();
    await session?.served.close();
    session = undefined;
  }, BROWSER_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    browser = undefined;
  }, BROWSER_HOOK_TIMEOUT_MS);
  return {
    async open(start: Date) {
      if (!browser) throw new Error('Chromium did not start');
      const served = await startServedLocalSystem(start);
      const context = await browser.newContext({ baseURL: served.url });
      session = { served, context, page: await context.newPage() };
      return session;
    },
  };
}

/** Signs in on the local sign-in page as the local person of that name (Alex Example, Chris Fitter …). */
export async function signIn(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel(name).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (new URL(page.url()).pathname === '/sign-in') {
    throw new Error(`signing in as ${name} did not leave the sign-in page`);
  }
}
