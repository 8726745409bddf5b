// The browser scenarios: what a customer does with the widget on the demo page, against the real
// server. Each runs in a fresh browser context (its own localStorage, so its own conversation).
// A scenario is { name, run({ page, context, baseUrl, axe, log }) } and throws to fail.

import { check, countInWidget, TIMEOUT_MS, waitUntil, Widget } from './widget.mjs';

const QUESTION = 'Ik ben mijn pinpas kwijt, wat moet ik doen?';
const ASK_PERSON = 'Ik wil een medewerker spreken';
const XSS = '<img src=x onerror=alert(1)>';

/** Asks the lost-card question and checks the answer and its source link; returns the link. */
async function askLostCard(widget) {
  const before = await widget.send(QUESTION);
  const reply = await widget.nextBotReply(before);
  await waitUntil(
    async () => (await reply.textContent())?.trim().length > 20,
    'the bot reply has no answer text',
  );
  const link = reply.getByRole('link', { name: /Pas kwijt|blokkeer/i });
  await link.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  const href = await link.getAttribute('href');
  check(/pas-blokkeren/.test(href ?? ''), `the source link goes to ${href}, not pas-blokkeren`);
  check(/^https?:\/\//.test(href ?? ''), `the source link is not an http(s) URL: ${href}`);
  check(
    (await link.getAttribute('target')) === '_blank',
    'the source link does not open a new tab',
  );
  const rel = (await link.getAttribute('rel')) ?? '';
  check(
    rel.split(/\s+/).includes('noopener'),
    `the source link lacks rel="noopener" (rel="${rel}")`,
  );
  return href;
}

/** Asks for a person and waits for the honest queue status. */
async function askForPerson(widget, log) {
  await widget.send(ASK_PERSON);
  await widget.status.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  const message = widget.status.getByTestId('status-message');
  await message.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  const text = ((await message.textContent()) ?? '').trim();
  check(text.length > 0, "the queue status does not show the server's message");
  const heading = await widget.status.getByRole('heading').first().textContent();
  log(`queue status: "${heading?.trim()}": "${text}"`);
  // Waiting shows a position and an estimate (or "onbekend"); closed shows when it opens.
  const facts = await widget.status
    .locator('dl')
    .textContent()
    .catch(() => '');
  check(
    /Verwachte wachttijd|Gaat open/.test(facts ?? ''),
    `the queue status shows neither an estimated wait nor an opening time: "${facts}"`,
  );
  return text;
}

/** Books a callback at the first offered time; returns the confirmation text. */
async function bookCallback(widget, page) {
  await widget.status.getByRole('button', { name: /^Terugbellen/ }).click();
  const form = page.getByTestId('callback-form');
  await form.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  const firstSlot = form.getByRole('radio').first();
  await firstSlot.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  await firstSlot.check();
  await form.getByLabel('Telefoonnummer').fill('06 12345678');
  await form.getByRole('button', { name: 'Terugbelafspraak maken' }).click();
  const confirmation = widget.status.getByTestId('callback-confirmation');
  await confirmation.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  const text = ((await confirmation.textContent()) ?? '').trim();
  check(/Wij bellen u .* op 06 12345678/.test(text), `unexpected confirmation: "${text}"`);
  await waitUntil(
    async () =>
      (await widget.log.getByTestId('system-event').allTextContents()).some((t) =>
        /terugbellen/i.test(t),
      ),
    'the conversation does not show the choice (terugbellen)',
  );
  await waitUntil(
    async () =>
      /Terugbellen/.test((await widget.status.getByTestId('current-choice').textContent()) ?? ''),
    'the chosen option (Terugbellen) is not shown',
  );
  return text;
}

/** Runs axe-core on the page; fails on any serious or critical violation. */
async function checkAccessibility(page, axe, where, log) {
  const result = await axe(page);
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.violations.filter((x) => !bad.includes(x))) {
    log(
      `axe (${where}), ${v.impact}: ${v.id}: ${v.help}: ${v.nodes
        .slice(0, 3)
        .map((n) => JSON.stringify(n.target))
        .join(' ')}`,
    );
  }
  if (bad.length > 0) {
    const lines = bad.map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n      ${v.nodes
          .slice(0, 5)
          .map((n) => `${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\s+/g, ' ')}`)
          .join('\n      ')}`,
    );
    throw new Error(
      `axe-core (${where}) found serious or critical violations:\n    ${lines.join('\n    ')}`,
    );
  }
  log(`axe (${where}): no serious or critical violations (${result.passes.length} rules passed)`);
}

export const scenarios = [
  {
    name: 'keyboard: open with Enter, focus moves in, Escape closes and returns the focus',
    async run({ page, baseUrl }) {
      await page.goto(baseUrl);
      const widget = new Widget(page);
      await widget.openWithKeyboard();
      check(
        (await widget.launcher.getAttribute('aria-expanded')) === 'true',
        'the launcher does not say aria-expanded="true" when open',
      );
      await page.keyboard.press('Escape');
      await widget.panel.waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
      await waitUntil(
        async () => /^button Chat met ons/.test(await widget.focused()),
        'the focus did not return to the launcher after Escape',
      );
      await page.keyboard.press('Enter');
      await widget.panel.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
      // The close button is reachable with Tab and works with the keyboard.
      await widget.panel.getByRole('button', { name: 'Sluiten', exact: true }).focus();
      await page.keyboard.press('Enter');
      await widget.panel.waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
    },
  },
  {
    name: 'answer: a Dutch question gets an answer with its source link (pas-blokkeren)',
    async run({ page, baseUrl, log }) {
      await page.goto(baseUrl);
      const widget = new Widget(page);
      await widget.openWithKeyboard();
      const href = await askLostCard(widget);
      log(`source link: ${href}`);
    },
  },
  {
    name: 'person: honest queue status, book a callback, reload shows the whole history',
    async run({ page, baseUrl, log }) {
      await page.goto(baseUrl);
      const widget = new Widget(page);
      await widget.openWithKeyboard();
      await askLostCard(widget);
      await askForPerson(widget, log);
      const confirmation = await bookCallback(widget, page);
      log(`callback: "${confirmation}"`);

      const before = {
        customer: await widget.customerMessages().allTextContents(),
        bot: await widget.botMessages().count(),
        system: await widget.log.getByTestId('system-event').count(),
      };
      await page.reload();
      await widget.ensureOpen();
      await waitUntil(
        async () => {
          const customer = await widget.customerMessages().allTextContents();
          return (
            customer.length === before.customer.length &&
            (await widget.botMessages().count()) === before.bot &&
            (await widget.log.getByTestId('system-event').count()) === before.system
          );
        },
        `after the reload the history is not the same (before: ${JSON.stringify(before)})`,
      );
      const customer = await widget.customerMessages().allTextContents();
      check(
        customer.some((t) => t.includes(QUESTION)) && customer.some((t) => t.includes(ASK_PERSON)),
        `after the reload the customer's messages are missing: ${JSON.stringify(customer)}`,
      );
      await widget.log
        .getByRole('link', { name: /Pas kwijt|blokkeer/i })
        .waitFor({ timeout: TIMEOUT_MS });
      await widget.status.getByTestId('callback-confirmation').waitFor({ timeout: TIMEOUT_MS });
      check(
        (await widget.log.getByTestId('pending-message').count()) === 0,
        'after the reload a message shows as pending',
      );
    },
  },
  {
    name: 'reconnect: the server restarts; a message typed meanwhile is sent once',
    async run({ page, baseUrl, stopServer, startServer, log }) {
      await page.goto(baseUrl);
      const widget = new Widget(page);
      await widget.openWithKeyboard();
      await askLostCard(widget);
      const repliesBefore = await widget.botMessages().count();

      await stopServer();
      const banner = page.getByTestId('connection');
      await banner.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
      log(
        `while the server is down: "${((await banner.textContent()) ?? '').replace(/\s+/g, ' ').trim()}"`,
      );
      const text = 'Ik ben mijn pincode vergeten';
      await widget.input.fill(text);
      await widget.input.press('Enter');
      await widget.log.getByTestId('pending-message').waitFor({ timeout: TIMEOUT_MS });

      await startServer();
      const started = Date.now();
      await waitUntil(
        async () => (await widget.log.getByTestId('pending-message').count()) === 0,
        'the message typed while the server was down was not acknowledged after it came back',
        60_000,
      );
      log(
        `resent and acknowledged ${((Date.now() - started) / 1000).toFixed(1)} s after the restart`,
      );
      await banner.waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
      await widget.nextBotReply(repliesBefore);
      const count = async () =>
        (await widget.customerMessages().allTextContents()).filter((t) => t.includes(text)).length;
      check((await count()) === 1, `the message shows ${await count()} times, not once`);
      await page.reload();
      await widget.ensureOpen();
      await widget.botMessages().nth(repliesBefore).waitFor({ timeout: TIMEOUT_MS });
      check(
        (await count()) === 1,
        `after a reload the message shows ${await count()} times, not once`,
      );
    },
  },
  {
    name: 'accessibility: axe-core finds no serious or critical violation with the widget open',
    async run({ page, baseUrl, axe, log }) {
      await page.goto(baseUrl);
      const widget = new Widget(page);
      await checkAccessibility(page, axe, 'page, widget closed', log);
      await widget.openWithKeyboard();
      await checkAccessibility(page, axe, 'widget open', log);
      await askLostCard(widget);
      await checkAccessibility(page, axe, 'with an answer and its source', log);
      await askForPerson(widget, log);
      await widget.status.getByRole('button', { name: /^Terugbellen/ }).click();
      await page
        .getByTestId('callback-form')
        .getByRole('radio')
        .first()
        .waitFor({ timeout: TIMEOUT_MS });
      await checkAccessibility(page, axe, 'queue status and callback form', log);
    },
  },
  {
    name: 'security: a message with HTML is shown as text, nothing is injected',
    async run({ page, baseUrl, dialogs }) {
      await page.goto(baseUrl);
      const widget = new Widget(page);
      await widget.openWithKeyboard();
      const before = await widget.send(XSS);
      await widget.nextBotReply(before);
      const texts = await widget.customerMessages().allTextContents();
      check(
        texts.some((t) => t.includes(XSS)),
        `the message is not shown literally: ${JSON.stringify(texts)}`,
      );
      check((await countInWidget(page, 'img')) === 0, 'an <img> element appeared in the widget');
      check((await page.locator('img').count()) === 0, 'an <img> element appeared on the page');
      check(dialogs.length === 0, `a dialog was opened: ${JSON.stringify(dialogs)}`);
    },
  },
  {
    name: 'embedding: on another site (other origin, lang=en, hostile CSS) the widget works in English',
    async run({ page, otherSiteUrl }) {
      const starts = [];
      page.on('request', (request) => {
        if (
          request.method() === 'POST' &&
          new URL(request.url()).pathname === '/api/v1/conversations'
        ) {
          starts.push(request.postData());
        }
      });
      await page.goto(otherSiteUrl);
      const launcher = page.getByRole('button', { name: 'Chat with us' });
      await launcher.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
      const fontSize = await launcher.evaluate((element) => getComputedStyle(element).fontSize);
      check(
        fontSize === '16px',
        `the host page's CSS reached into the widget (font-size ${fontSize})`,
      );
      await launcher.click();
      const input = page.getByRole('textbox', { name: 'Your message' });
      await input.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
      await input.fill('I lost my card, what should I do?');
      await input.press('Enter');
      const log = page.getByRole('log', { name: 'Conversation' });
      await waitUntil(
        async () => (await log.getByTestId('bot-message').count()) > 0,
        'no answer on another origin (does the server allow cross-origin requests: CORS?)',
      );
      const body = JSON.parse(starts[0] ?? '{}');
      check(
        body.language === 'en',
        `the conversation was started with ${starts[0]}, not in English`,
      );
    },
  },
  {
    name: 'language: switching to English changes the widget and starts an English conversation',
    async run({ page, baseUrl }) {
      const starts = [];
      page.on('request', (request) => {
        if (
          request.method() === 'POST' &&
          new URL(request.url()).pathname === '/api/v1/conversations'
        ) {
          starts.push(request.postData());
        }
      });
      await page.goto(baseUrl);
      const widget = new Widget(page);
      await widget.openWithKeyboard();
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('dialog', { name: 'Customer service' }).waitFor({ timeout: TIMEOUT_MS });
      const input = page.getByRole('textbox', { name: 'Your message' });
      await input.fill('I lost my card');
      await input.press('Enter');
      await waitUntil(() => starts.length > 0, 'no conversation was started');
      const body = JSON.parse(starts[0] ?? '{}');
      check(body.language === 'en', `the conversation was started with ${starts[0]}`);
      await page.getByRole('button', { name: 'Talk to a person' }).waitFor({ timeout: TIMEOUT_MS });
    },
  },
];
