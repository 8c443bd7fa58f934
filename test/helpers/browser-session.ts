import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from './browser';
import { startServer, type RunningServer } from './start-server';
import { TEST_ADMIN } from './auth';

export const RESULTS = path.resolve(import.meta.dirname, '../../test-results');

export interface BrowserSession {
  server: RunningServer;
  context: BrowserContext;
  page: Page;
  /**
   * Expects no request to a host other than 127.0.0.1 (they are aborted) and no console or page
   * error since the last call: a test file's afterEach, so a failure names the journey that caused it.
   * `expected` drops the console errors a journey causes on purpose (a refused stale save's 409).
   */
  expectNoProblems(expected?: RegExp[]): void;
  /** The Cookie header of the page's session, for API calls made beside the page. */
  cookie(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The built client served by a real server of its own, in headless Chromium with a fresh
 * profile. Every request must stay on this machine (no tiles, fonts, CDNs or loaders.gl
 * workers): others are aborted and reported.
 */
export async function openBrowserSession(
  options: { viewport?: { width: number; height: number }; locale?: string; env?: Record<string, string>; /** @default true: signs in as the first administrator through the page */ signIn?: boolean } = {},
): Promise<BrowserSession> {
  if (!fs.existsSync(path.resolve(import.meta.dirname, '../../dist/client/index.html'))) {
    throw new Error('dist/client/index.html is missing: run `npx vite build` before the e2e tests');
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  const server = await startServer(options.env ? { env: options.env } : undefined);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: options.locale ?? 'en-GB',
  });
  const external: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:') && url.hostname !== '127.0.0.1') {
      external.push(url.href);
      return route.abort();
    }
    return route.continue();
  });
  // a Content-Security-Policy violation is a console error, whatever the browser prints for it
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    // asking who is signed in before anyone is, and a refused sign-in, answer 401: the sign-in page's cues, not errors
    const url = m.location().url;
    if (m.type() === 'error' && !((url.endsWith('/api/me') || url.endsWith('/api/auth/sign-in')) && m.text().includes('401'))) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // ERR_ABORTED: a request cut short by leaving the page, not a failure of the app
    const reason = r.failure()?.errorText ?? '';
    if (!external.includes(r.url()) && !reason.includes('ERR_ABORTED')) errors.push(`request failed: ${r.url()} (${reason})`);
  });
  if (options.signIn !== false) await signInThroughPage(page, server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  return {
    server,
    context,
    page,
    expectNoProblems(expected = []) {
      expect(external.splice(0), 'requests to hosts other than 127.0.0.1').toEqual([]);
      expect(errors.splice(0).filter((e) => !expected.some((re) => re.test(e))), 'console errors and page errors').toEqual([]);
    },
    async cookie() {
      return (await context.cookies(server.url)).map((c) => `${c.name}=${c.value}`).join('; ');
    },
    async close() {
      await context.close();
      await server.stop();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the sign-in page as a user would: the e-mail, the password, the button. */
export async function signInThroughPage(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/?lang=en`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('account-who').waitFor({ timeout: 60_000 });
}
