#!/usr/bin/env node
// Browser tests of the web widget against the real Balie server, in Debian's Chromium.
//
//   node tests/browser/run.mjs [--balie PATH] [--web DIR] [--kb DIR] [--only TEXT]
//
// Starts `balie serve --kb KB --data <fresh temp dir> --listen 127.0.0.1:<free port> --web DIR`,
// waits for GET /readyz to answer 200 (up to 60 s), runs every scenario of scenarios.mjs in a
// fresh browser context, stops the server and removes the temp dir. Exits 1 if any scenario
// failed (with a screenshot per failure), 2 if the tests could not run at all.
//
// Defaults (relative to the repository root) and environment overrides:
//   --balie  build/balie          (BALIE)
//   --web    build/web            (BALIE_WEB; build it with: bash scripts/build-web build/web)
//   --kb     demo/voorbeeldbank   (BALIE_KB)
//   Chromium /usr/bin/chromium    (CHROMIUM)
//   artifacts (screenshots, server.log) build/browser-tests (BALIE_BROWSER_ARTIFACTS)
// playwright-core and axe-core come from web/node_modules (npm ci in web/).

import { spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const READY_TIMEOUT_MS = 60_000;
const SCENARIO_TIMEOUT_MS = 120_000;
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function usageError(message) {
  console.error(`browser tests: ${message}`);
  process.exit(2);
}

let options;
try {
  options = parseArgs({
    options: {
      balie: { type: 'string', default: process.env.BALIE ?? 'build/balie' },
      web: { type: 'string', default: process.env.BALIE_WEB ?? 'build/web' },
      kb: {
        type: 'string',
        default: process.env.BALIE_KB ?? 'demo/voorbeeldbank',
      },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  usageError(
    `${error.message}\nusage: node tests/browser/run.mjs [--balie PATH] [--web DIR] [--kb DIR] [--only TEXT]`,
  );
}
if (options.help) {
  console.log(
    readFileSync(fileURLToPath(import.meta.url), 'utf8')
      .split('\n')
      .slice(1, 18)
      .join('\n'),
  );
  process.exit(0);
}

const balie = resolve(repo, options.balie);
const webDir = resolve(repo, options.web);
const kbDir = resolve(repo, options.kb);
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const artifacts = resolve(repo, process.env.BALIE_BROWSER_ARTIFACTS ?? 'build/browser-tests');

// ---- Preconditions, each with what to do about it ----
try {
  accessSync(balie, constants.X_OK);
} catch {
  usageError(`${balie} is not an executable; build the server first (make build), or pass --balie`);
}
for (const file of ['index.html', 'widget.js']) {
  if (!existsSync(join(webDir, file))) {
    usageError(
      `${join(webDir, file)} is missing; build the web front end: bash scripts/build-web ${options.web}`,
    );
  }
}
if (!existsSync(kbDir)) usageError(`the knowledge base ${kbDir} does not exist`);
if (!existsSync(chromiumPath)) {
  usageError(
    `no Chromium at ${chromiumPath}; install Debian's chromium (apt-get install chromium) or set CHROMIUM`,
  );
}
const webRequire = createRequire(join(repo, 'web/package.json'));
let chromium, axeSource;
try {
  ({ chromium } = webRequire('playwright-core'));
  axeSource = readFileSync(webRequire.resolve('axe-core/axe.min.js'), 'utf8');
} catch {
  usageError('playwright-core or axe-core is not installed; run: (cd web && npm ci)');
}

const { scenarios } = await import('./scenarios.mjs');
const selected = scenarios.filter((s) => !options.only || s.name.includes(options.only));
if (selected.length === 0) usageError(`no scenario matches --only "${options.only}"`);

// ---- Server life cycle ----
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

mkdirSync(artifacts, { recursive: true });
const dataDir = await mkdtemp(join(tmpdir(), 'balie-browser-'));
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}/`;
const serverLogPath = join(artifacts, 'server.log');
const serverLog = createWriteStream(serverLogPath);
let serverTail = '';
const serverArgs = [
  'serve',
  '--kb',
  kbDir,
  '--data',
  dataDir,
  '--listen',
  `127.0.0.1:${port}`,
  '--web',
  webDir,
];

/** The server process: started once, and stopped and started again by the restart scenario. */
const server = {
  process: null,
  exit: null,

  start() {
    console.log(`== starting: ${balie} ${serverArgs.join(' ')}`);
    const child = spawn(balie, serverArgs, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    this.exit = null;
    child.on('exit', (code, signal) => {
      if (this.process === child) this.exit = { code, signal };
    });
    child.on('error', (error) => {
      if (this.process === child) this.exit = { code: null, signal: null, error: error.message };
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        serverLog.write(chunk);
        serverTail = (serverTail + chunk.toString()).slice(-4000);
      });
    }
  },

  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  async stop() {
    const child = this.process;
    if (!child || this.exit || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', () => r(true)));
    child.kill('SIGTERM');
    const stopped = await Promise.race([
      exited,
      new Promise((r) => setTimeout(() => r(false), 10_000)),
    ]);
    if (!stopped) {
      console.error('browser tests: the server did not stop within 10 s of SIGTERM; killing it');
      child.kill('SIGKILL');
      await exited;
    }
  },

  /** Polls GET /readyz until it answers 200 (up to 60 s); fails early if the server exits. */
  async waitReady() {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (this.exit) {
        throw new Error(`the server exited before it was ready (${JSON.stringify(this.exit)})`);
      }
      try {
        const response = await fetch(new URL('/readyz', baseUrl), {
          signal: AbortSignal.timeout(2000),
        });
        if (response.status === 200) return;
        last = `HTTP ${response.status}`;
      } catch (error) {
        last = error.cause?.code ?? error.message;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(
      `GET /readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${last})`,
    );
  },
};

/**
 * Another website on another origin that embeds the widget with the one script tag, in English,
 * with CSS that would break the widget if it leaked into it (it must not: Shadow DOM).
 */
function otherSitePage() {
  const origin = new URL(baseUrl).origin;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Another website</title>
    <style>
      * { font-size: 40px !important; color: #f0f !important; font-family: serif !important; }
      button, textarea, [role] { display: none !important; }
    </style>
  </head>
  <body>
    <main><h1>Another website</h1><p>It embeds the Balie widget from ${origin}.</p></main>
    <script src="${origin}/widget.js" data-balie="${origin}"></script>
  </body>
</html>
`;
}
const otherSite = createHttpServer((request, response) => {
  if (request.url !== '/') {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(otherSitePage());
});
const otherSitePort = await freePort();
await new Promise((r) => otherSite.listen(otherSitePort, '127.0.0.1', r));
// "localhost" rather than 127.0.0.1: a different origin (and site) from the Balie server.
const otherSiteUrl = `http://localhost:${otherSitePort}/`;

let browser = null;
let cleaning = null;
async function cleanUp() {
  cleaning ??= (async () => {
    if (browser) await browser.close().catch(() => {});
    await server.stop();
    otherSite.close();
    serverLog.end();
    await rm(dataDir, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    console.error(`browser tests: ${signal}; stopping`);
    await cleanUp();
    process.exit(130);
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
    }),
  ]);
}

/** axe-core on a page, also under the page's strict CSP (evaluated through DevTools). */
async function axe(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(() =>
    window.axe.run(document, {
      resultTypes: ['violations'],
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
    }),
  );
}

function fileName(name) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

// ---- Run ----
const results = [];
let exitCode = 0;
try {
  server.start();
  await server.waitReady();
  console.log(`== server ready at ${baseUrl}`);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: CHROMIUM_ARGS,
  });
  console.log(`== Chromium ${browser.version()}`);

  for (const scenario of selected) {
    const started = Date.now();
    const context = await browser.newContext({
      locale: 'nl-NL',
      timezoneId: 'Europe/Amsterdam',
    });
    const page = await context.newPage();
    const problems = [];
    const dialogs = [];
    const notes = [];
    page.on('pageerror', (error) => problems.push(`uncaught error in the page: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy/i.test(text)) problems.push(`CSP violation: ${text}`);
      else if (message.type() === 'error' && !/favicon|Failed to load resource/.test(text)) {
        notes.push(`console error: ${text}`);
      }
    });
    page.on('dialog', async (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      await dialog.dismiss().catch(() => {});
    });
    page.setDefaultTimeout(15_000);
    const log = (line) => notes.push(line);
    let error = null;
    try {
      await withTimeout(
        scenario.run({
          page,
          context,
          baseUrl,
          otherSiteUrl,
          axe,
          log,
          dialogs,
          // For the restart scenario: the same data directory and port.
          stopServer: () => server.stop(),
          startServer: async () => {
            server.start();
            await server.waitReady();
          },
        }),
        SCENARIO_TIMEOUT_MS,
        'the scenario',
      );
      if (problems.length > 0) error = new Error(problems.join('\n'));
    } catch (caught) {
      error = caught instanceof Error ? caught : new Error(String(caught));
      if (problems.length > 0) error.message += `\n${problems.join('\n')}`;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (error) {
      exitCode = 1;
      const shot = join(artifacts, `${fileName(scenario.name)}.png`);
      await page.screenshot({ path: shot, fullPage: false }).catch(() => {});
      if (server.exit) {
        error.message += `\nthe server exited during the scenario (${JSON.stringify(server.exit)}); last output:\n${serverTail}`;
      }
      console.log(
        `FAIL  ${seconds}s  ${scenario.name}\n      ${error.message.replace(/\n/g, '\n      ')}\n      screenshot: ${shot}`,
      );
    } else {
      console.log(`ok    ${seconds}s  ${scenario.name}`);
    }
    for (const note of notes) console.log(`      ${note}`);
    results.push({ name: scenario.name, ok: !error });
    await context.close();
  }
} catch (error) {
  exitCode = 1;
  console.error(`browser tests: could not run: ${error.message}`);
  if (serverTail) console.error(`-- last server output (${serverLogPath}) --\n${serverTail}`);
} finally {
  await cleanUp();
}

const failed = results.filter((r) => !r.ok).length;
if (results.length > 0) {
  console.log(
    `== ${results.length - failed} passed, ${failed} failed (server log: ${serverLogPath})`,
  );
}
if (exitCode !== 0 && failed > 0) console.log(`== screenshots of failures in ${artifacts}`);
process.exit(exitCode);
