// Helpers for the browser scenarios: how a customer finds and uses the widget on a page.
// Locators go by ARIA role and accessible name first (Playwright's role and label locators see
// into the widget's open Shadow DOM); data-testid only where no role says it.

export const TIMEOUT_MS = 15_000;

/** Fails with `message` (plus the last value seen) unless `probe()` returns truthy in time. */
export async function waitUntil(probe, message, timeoutMs = TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${message} (waited ${timeoutMs / 1000} s; last seen: ${JSON.stringify(last)})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** The widget as a customer on a Dutch page sees it. */
export class Widget {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.host = page.locator('balie-widget');
    this.launcher = page.getByRole('button', {
      name: /^(Chat met ons|Chat sluiten)/,
    });
    // The widget's labels follow the conversation's language (an English question turns it English).
    this.panel = page.getByRole('dialog', { name: /^(Klantenservice|Customer service)$/ });
    this.input = page.getByRole('textbox', { name: /^(Uw bericht|Je bericht|Your message)$/ });
    this.log = page.getByRole('log', { name: /^(Gesprek|Conversation)$/ });
    this.status = page.getByTestId('queue-status');
  }

  /** A description of the element that has the keyboard focus, looking into the shadow root. */
  async focused() {
    return this.page.evaluate(() => {
      let element = document.activeElement;
      while (element && element.shadowRoot && element.shadowRoot.activeElement) {
        element = element.shadowRoot.activeElement;
      }
      if (!element) return 'nothing';
      const label = element.getAttribute('aria-label') || element.textContent || '';
      return `${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''} ${label
        .trim()
        .replace(/\s+/g, ' ')
        .slice(0, 40)}`.trim();
    });
  }

  /** Tabs through the page from the top until the launcher has the focus; returns the count. */
  async tabToLauncher(maxTabs = 80) {
    await this.page.locator('body').focus();
    for (let i = 1; i <= maxTabs; i++) {
      await this.page.keyboard.press('Tab');
      const focused = await this.focused();
      if (/^button Chat met ons|^button.*Chat met ons/.test(focused)) return i;
    }
    throw new Error(`the launcher was not reached with ${maxTabs} presses of Tab`);
  }

  /** Opens the widget the way a keyboard user does, and checks the focus moved into it. */
  async openWithKeyboard() {
    await this.launcher.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    await this.tabToLauncher();
    await this.page.keyboard.press('Enter');
    await this.panel.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    await waitUntil(
      async () => (await this.focused()).startsWith('textarea#balie-input'),
      'the focus did not move into the panel (to the message field) on opening',
    );
  }

  /** Opens the panel with a click if it is not open (e.g. after a reload). */
  async ensureOpen() {
    await this.launcher.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    if (!(await this.panel.isVisible())) await this.launcher.click();
    await this.panel.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  }

  customerMessages() {
    return this.log.getByTestId('customer-message');
  }

  botMessages() {
    return this.log.getByTestId('bot-message');
  }

  /** Types a message, sends it with Enter, and waits until Balie acknowledged it. */
  async send(text) {
    const before = await this.botMessages().count();
    await this.input.fill(text);
    await this.input.press('Enter');
    await waitUntil(async () => {
      const texts = await this.customerMessages().allTextContents();
      return texts.some((t) => t.includes(text));
    }, `the message "${text}" did not appear as sent (acknowledged) in the conversation`);
    await waitUntil(
      async () => (await this.log.getByTestId('pending-message').count()) === 0,
      'a message stayed pending (no receipt)',
    );
    return before;
  }

  /** Waits for a bot reply after `before` earlier ones; returns its locator. */
  async nextBotReply(before) {
    await waitUntil(
      async () => (await this.botMessages().count()) > before,
      'no reply from the bot appeared',
    );
    return this.botMessages().nth(before);
  }
}

/** The widget's shadow root has no element matching `selector` (e.g. an injected <img>). */
export async function countInWidget(page, selector) {
  return page.evaluate(
    (sel) => document.querySelector('balie-widget')?.shadowRoot?.querySelectorAll(sel).length ?? -1,
    selector,
  );
}
