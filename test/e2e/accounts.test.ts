import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowserSession, RESULTS, signInThroughPage, type BrowserSession } from '../helpers/browser-session';
import { TEST_ADMIN } from '../helpers/auth';

let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  session = await openBrowserSession({ signIn: false });
  page = session.page;
}, 300_000);

afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

describe('accounts in the browser', () => {
  it('refuses a wrong password with the server’s message, in English and in French, from the keyboard', async () => {
    await page.goto(`${session.server.url}/?lang=en`);
    // the form is reachable by keyboard: Tab from the page's start reaches the e-mail field
    await page.getByLabel('E-mail').waitFor();
    for (let i = 0; i < 5 && !(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'email')); i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('email');
    await page.keyboard.type(TEST_ADMIN.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('The e-mail or the password is wrong.');
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    expect(await page.getByLabel('Mot de passe').count()).toBe(1);
    await page.getByLabel('Langue').selectOption('en');
  });

  it('lets an admin invite a user, who signs in with the one-time password, chooses their own and sees no administration', async () => {
    await signInThroughPage(page, session.server.url, TEST_ADMIN.email, TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Administration' }).click();
    const dialog = page.getByRole('dialog');
    // the dialog's code and strings load on first use: patient under a loaded machine
    await dialog.getByTestId('members-table').waitFor({ timeout: 120_000 });
    const invite = dialog.getByRole('region', { name: 'Invite someone' }).or(dialog.locator('section[aria-labelledby="admin-invite"]'));
    await invite.getByLabel('E-mail').fill('new.viewer@test.local');
    await invite.getByLabel('Role').selectOption('viewer');
    await invite.getByRole('button', { name: 'Invite' }).click();
    const result = dialog.getByTestId('invite-result');
    await result.waitFor({ timeout: 60_000 });
    const oneTime = (await result.locator('code').textContent())!;
    expect(oneTime).toMatch(/^[A-Za-z0-9]{20}$/);
    await dialog.locator('tr[data-email="new.viewer@test.local"]').waitFor({ timeout: 60_000 });
    // the audit log shows the failed attempt of the first test and the invitation
    const audit = dialog.getByTestId('audit-table');
    await audit.locator('tr[data-action="user.invite"]').waitFor({ timeout: 60_000 });
    expect(await audit.locator('tr[data-action="auth.sign-in-failed"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(RESULTS, 'admin-dialog.png') });
    await dialog.getByRole('button', { name: 'Close the administration' }).click();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor().catch(async (e) => {
      await page.screenshot({ path: '/tmp/signout.png' });
      console.log(await page.locator('body').innerText());
      throw e;
    });
    await page.getByLabel('E-mail').fill('new.viewer@test.local');
    await page.getByLabel('Password', { exact: true }).fill(oneTime);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Change password' }).waitFor({ timeout: 60_000 });
    await page.getByLabel('One-time password').fill(oneTime);
    await page.getByLabel('New password', { exact: true }).fill('a password of my own');
    await page.getByLabel('New password again').fill('a password of my own');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await expect(page.getByTestId('account-who').textContent()).resolves.toBe('new.viewer@test.local · Default organisation (viewer)');
    expect(await page.getByRole('button', { name: 'Administration' }).count()).toBe(0);
    await page.screenshot({ path: path.join(RESULTS, 'signed-in-viewer.png') });
  });
});
