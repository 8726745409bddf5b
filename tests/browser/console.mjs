// Helpers for the browser scenarios of the staff console: how a staff member finds and uses it.
// Locators go by ARIA role and accessible name first; data-testid only where no role says it.

import { check, TIMEOUT_MS, waitUntil } from './widget.mjs';

/** The console as a Dutch-speaking staff member sees it (the browser context is nl-NL). */
export class StaffConsole {
  /** @param {import('playwright-core').Page} page */
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
    this.inbox = page.getByRole('complementary', { name: 'Inbox' });
    this.main = page.getByRole('main');
    this.transcript = page.getByRole('log', { name: 'Gespreksverloop' });
    this.replyBox = page.getByRole('textbox', { name: 'Uw antwoord aan de klant' });
    this.notifications = page.getByTestId('notifications');
  }

  async open(path = 'console/') {
    await this.page.goto(new URL(path, this.baseUrl).href);
  }

  /** Fills in the log-in form and submits it with Enter (keyboard only). */
  async submitLogIn(name, password) {
    const form = this.page.getByTestId('login-form');
    await form.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    await this.page.getByLabel('Naam', { exact: true }).fill(name);
    await this.page.getByLabel('Wachtwoord', { exact: true }).fill(password);
    await this.page.getByLabel('Wachtwoord', { exact: true }).press('Enter');
  }

  /** Logs in and waits for the inbox and a live connection (presence known). */
  async logIn(name, password) {
    await this.open();
    await this.submitLogIn(name, password);
    await this.inbox.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    await waitUntil(
      async () => (await this.page.getByTestId('connection').count()) === 0,
      'the console did not connect its live stream after logging in',
    );
  }

  async presence() {
    return ((await this.page.getByTestId('presence-state').textContent()) ?? '').trim();
  }

  /** The inbox line of a conversation that mentions `text` (in its last message or reason). */
  item(text) {
    return this.inbox.getByTestId('inbox-item').filter({ hasText: text });
  }

  /** Waits until a conversation mentioning `text` is in "assigned to me" or "waiting". */
  async waitForItem(text) {
    const mine = this.page
      .getByTestId('inbox-mine')
      .getByTestId('inbox-item')
      .filter({ hasText: text });
    const waiting = this.page
      .getByTestId('inbox-waiting')
      .getByTestId('inbox-item')
      .filter({ hasText: text });
    return waitUntil(
      async () =>
        ((await mine.count()) > 0 && 'mine') || ((await waiting.count()) > 0 && 'waiting'),
      `no conversation with "${text}" appeared in the inbox (assigned to me or waiting)`,
      30_000,
    );
  }

  /** Opens a conversation from the inbox with the keyboard (focus the link, Enter). */
  async openItem(text) {
    const link = this.item(text).first();
    await link.focus();
    await this.page.keyboard.press('Enter');
    await this.page.getByTestId('conversation').waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  }

  async state() {
    return ((await this.page.getByTestId('conversation-state').textContent()) ?? '').trim();
  }

  /** Opens an action (a <details> of the conversation) by its summary, with the keyboard. */
  async openAction(name) {
    const summary = this.main.locator('summary', { hasText: name }).first();
    await summary.focus();
    await this.page.keyboard.press('Enter');
    await waitUntil(
      async () => (await summary.evaluate((s) => s.parentElement?.hasAttribute('open'))) === true,
      `the action "${name}" did not open with Enter`,
    );
  }

  async checkNoPending() {
    check(
      (await this.page.getByRole('button', { name: 'Bezig…' }).count()) === 0,
      'an action is still busy',
    );
  }
}
