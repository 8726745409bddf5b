#!/usr/bin/env node
// Browser tests of the web widget and the staff console against the real Balie server, in
// Debian's Chromium.
//
//   node tests/browser/run.mjs [--balie PATH] [--web DIR] [--kb DIR] [--only TEXT]
//
// Starts `balie serve --kb KB --data <fresh temp dir> --listen 127.0.0.1:<free port> --web DIR`,
// waits for GET /readyz to answer 200 (up to 60 s), runs every scenario of scenarios.mjs in a
// fresh browser context, stops the server and removes the temp dir. A scenario that declares
// `server` (extra serve options, demo users, environment) gets a server of its own. Exits 1 if
// any scenario failed (with a screenshot per failure), 2 if the tests could not run at all.
//
// Defaults (relative to the repository root) and environment overrides:
//   --balie  build/balie          (BALIE)
//   --web    build/web            (BALIE_WEB; build it with: bash scripts/build-web build/web)
//   --kb     demo/voorbeeldbank   (BALIE_KB)
//   Chromium /usr/bin/chromium    (CHROMIUM)
//   artifacts (screenshots, server logs) build/browser-tests (BALIE_BROWSER_ARTIFACTS)
// playwright-core and axe-core come from web/node_modules (npm ci in web/).

import { spawn, spawnSync } from 'node:child_process';
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
      .slice(1, 20)
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
for (const file of ['index.html', 'widget.js', 'console/index.html']) {
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

const { scenarios, defaultServer: defaultServerSpec = {} } = await import('./scenarios.mjs');
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

function fileName(name) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

mkdirSync(artifacts, { recursive: true });

/**
 * One Balie server: a fresh data directory and port; `spec` adds serve options (`config`
 * relative to the repository, `pretendTime`), environment (`env`) and staff accounts made with
 * `balie user add` before it starts (`users`: name, password, role, displayName, queues, capacity,
 * languages).
 */
class BalieServer {
  constructor(label, spec = {}) {
    this.label = label;
    this.spec = spec;
    this.process = null;
    this.exit = null;
    this.tail = '';
  }

  async prepare() {
    this.dataDir = await mkdtemp(join(tmpdir(), 'balie-browser-'));
    this.port = await freePort();
    this.baseUrl = `http://127.0.0.1:${this.port}/`;
    this.logPath = join(
      artifacts,
      this.label === 'default' ? 'server.log' : `server-${this.label}.log`,
    );
    this.log = createWriteStream(this.logPath);
    this.args = [
      'serve',
      '--kb',
      kbDir,
      '--data',
      this.dataDir,
      '--listen',
      `127.0.0.1:${this.port}`,
      '--web',
      webDir,
    ];
    if (this.spec.config) this.args.push('--config', resolve(repo, this.spec.config));
    if (this.spec.pretendTime) this.args.push('--pretend-time', this.spec.pretendTime);
    this.env = { ...process.env, ...(this.spec.env ?? {}) };
    for (const user of this.spec.users ?? []) this.addUser(user);
  }

  /** `balie user add …` with the password on standard input, on this server's data dir. */
  addUser(user) {
    const args = ['user', 'add', '--data', this.dataDir, '--name', user.name, '--role', user.role];
    if (user.displayName) args.push('--display-name', user.displayName);
    if (user.queues) args.push('--queues', user.queues.join(','));
    if (user.languages) args.push('--languages', user.languages.join(','));
    if (user.capacity !== undefined) args.push('--capacity', String(user.capacity));
    const result = spawnSync(balie, args, {
      cwd: repo,
      input: `${user.password}\n`,
      env: this.env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    this.log.write(`$ balie ${args.join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}`);
    if (result.status !== 0) {
      throw new Error(
        `balie user add --name ${user.name} failed (exit ${result.status}): ${(result.stderr || result.stdout || result.error?.message || '').trim()}`,
      );
    }
  }

  start() {
    console.log(`== starting (${this.label}): ${balie} ${this.args.join(' ')}`);
    const child = spawn(balie, this.args, {
      cwd: repo,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
        this.log.write(chunk);
        this.tail = (this.tail + chunk.toString()).slice(-4000);
      });
    }
  }

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
      console.error(
        `browser tests: the server (${this.label}) did not stop within 10 s of SIGTERM; killing it`,
      );
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** Polls GET /readyz until it answers 200 (up to 60 s); fails early if the server exits. */
  async waitReady() {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (this.exit) {
        throw new Error(`the server exited before it was ready (${JSON.stringify(this.exit)})`);
      }
      try {
        const response = await fetch(new URL('/readyz', this.baseUrl), {
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
  }

  async dispose() {
    await this.stop();
    await new Promise((r) => this.log.end(r));
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

let defaultServer = null;

/**
 * Another website on another origin that embeds the widget with the one script tag, in English,
 * with CSS that would break the widget if it leaked into it (it must not: Shadow DOM).
 */
function otherSitePage() {
  const origin = new URL(defaultServer.baseUrl).origin;
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
/**
 * The organisation's own "logged-in" page: the widget with a signed customer reference
 * (`/klant?balie=ORIGIN&customer=REFERENCE`), as a bank's site would embed it.
 */
function customerSitePage(balieOrigin, reference) {
  const attribute = (value) => value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="nl">
  <head><meta charset="utf-8" /><title>Mijn Voorbeeldbank</title></head>
  <body>
    <main><h1>Mijn Voorbeeldbank</h1><p>U bent ingelogd als klant.</p></main>
    <script src="${attribute(balieOrigin)}/widget.js" data-balie="${attribute(balieOrigin)}" data-customer="${attribute(reference)}"></script>
  </body>
</html>
`;
}
const otherSite = createHttpServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const html = { 'Content-Type': 'text/html; charset=utf-8' };
  if (url.pathname === '/' && defaultServer) {
    response.writeHead(200, html).end(otherSitePage());
    return;
  }
  const balieOrigin = url.searchParams.get('balie') ?? '';
  if (url.pathname === '/klant' && /^http:\/\/127\.0\.0\.1:\d+$/.test(balieOrigin)) {
    response
      .writeHead(200, html)
      .end(customerSitePage(balieOrigin, url.searchParams.get('customer') ?? ''));
    return;
  }
  response.writeHead(404).end();
});
const otherSitePort = await freePort();
await new Promise((r) => otherSite.listen(otherSitePort, '127.0.0.1', r));
// "localhost" rather than 127.0.0.1: a different origin (and site) from the Balie server.
const otherSiteUrl = `http://localhost:${otherSitePort}/`;

let browser = null;
let cleaning = null;
const servers = new Set();
async function cleanUp() {
  cleaning ??= (async () => {
    if (browser) await browser.close().catch(() => {});
    for (const server of servers) await server.dispose().catch(() => {});
    otherSite.close();
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

async function startServer(label, spec) {
  const server = new BalieServer(label, spec);
  servers.add(server);
  await server.prepare();
  server.start();
  await server.waitReady();
  console.log(`== server (${label}) ready at ${server.baseUrl}`);
  return server;
}

// ---- Run ----
const results = [];
let exitCode = 0;
try {
  if (selected.some((s) => !s.server)) {
    defaultServer = await startServer('default', defaultServerSpec);
  }
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: CHROMIUM_ARGS,
  });
  console.log(`== Chromium ${browser.version()}`);

  for (const scenario of selected) {
    const started = Date.now();
    const problems = [];
    const dialogs = [];
    const notes = [];
    const contexts = [];
    const pages = [];

    /** A fresh browser context and page, watched for CSP violations, errors and dialogs. */
    const newPage = async (contextOptions = {}) => {
      const context = await browser.newContext({
        locale: 'nl-NL',
        timezoneId: 'Europe/Amsterdam',
        ...contextOptions,
      });
      contexts.push(context);
      const page = await context.newPage();
      const who = pages.length === 0 ? '' : ` (page ${pages.length + 1})`;
      pages.push(page);
      page.on('pageerror', (error) =>
        problems.push(`uncaught error in the page${who}: ${error.message}`),
      );
      page.on('console', (message) => {
        const text = message.text();
        if (/Content Security Policy/i.test(text)) problems.push(`CSP violation${who}: ${text}`);
        else if (
          message.type() === 'error' &&
          !/favicon|Failed to load resource|WebSocket connection/.test(text)
        ) {
          notes.push(`console error${who}: ${text}`);
        }
      });
      page.on('dialog', async (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        await dialog.dismiss().catch(() => {});
      });
      page.setDefaultTimeout(15_000);
      return { context, page };
    };

    let error = null;
    let server = defaultServer;
    try {
      if (scenario.server)
        server = await startServer(fileName(scenario.name).slice(0, 30), scenario.server);
      const { context, page } = await newPage();
      const log = (line) => notes.push(line);
      await withTimeout(
        scenario.run({
          page,
          context,
          newPage,
          baseUrl: server.baseUrl,
          otherSiteUrl,
          axe,
          log,
          dialogs,
          // A screenshot of a page to look at (kept in the artifacts directory, pass or fail).
          shot: async (shotPage, name) => {
            const path = join(artifacts, `${fileName(scenario.name).slice(0, 40)}-${name}.png`);
            await shotPage.screenshot({ path, fullPage: false });
            notes.push(`screenshot: ${path}`);
          },
          users: (scenario.server ?? defaultServerSpec).users ?? [],
          // `balie ARGS --data DIR` on this server's data, beside it (as an operator would).
          balieCli: (args) =>
            spawnSync(balie, [...args, '--data', server.dataDir], {
              cwd: repo,
              encoding: 'utf8',
              timeout: 30_000,
            }),
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
      const shots = [];
      for (const [i, page] of pages.entries()) {
        const shot = join(artifacts, `${fileName(scenario.name)}${i ? `-${i + 1}` : ''}.png`);
        await page.screenshot({ path: shot, fullPage: false }).catch(() => {});
        shots.push(shot);
      }
      if (server?.exit) {
        error.message += `\nthe server exited during the scenario (${JSON.stringify(server.exit)}); last output:\n${server.tail}`;
      }
      console.log(
        `FAIL  ${seconds}s  ${scenario.name}\n      ${error.message.replace(/\n/g, '\n      ')}\n      screenshots: ${shots.join(' ')}`,
      );
    } else {
      console.log(`ok    ${seconds}s  ${scenario.name}`);
    }
    for (const note of notes) console.log(`      ${note}`);
    results.push({ name: scenario.name, ok: !error });
    for (const context of contexts) await context.close().catch(() => {});
    if (server && server !== defaultServer) {
      await server.dispose();
      servers.delete(server);
    }
  }
} catch (error) {
  exitCode = 1;
  console.error(`browser tests: could not run: ${error.message}`);
  for (const server of servers) {
    if (server.tail) console.error(`-- last server output (${server.logPath}) --\n${server.tail}`);
  }
} finally {
  await cleanUp();
}

const failed = results.filter((r) => !r.ok).length;
if (results.length > 0) {
  console.log(
    `== ${results.length - failed} passed, ${failed} failed (server logs in ${artifacts})`,
  );
}
if (exitCode !== 0 && failed > 0) console.log(`== screenshots of failures in ${artifacts}`);
process.exit(exitCode);
