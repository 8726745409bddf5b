#!/usr/bin/env node
// The wire test: the real server against docs/openapi.yaml, the one description of the wire.
//
//   node tests/wire/run.mjs [--balie build/balie] [--kb demo/voorbeeldbank]
//
// Starts `balie serve` on 127.0.0.1 (a temporary data directory, the demo configuration, a
// weekday morning), adds staff with `balie user add`, then drives a customer conversation (HTTP
// and its WebSocket) and a staff session (log-in, the console's WebSocket, replies, notes, the
// supervisor's and the admin's pages) and checks every answer's body against the schema that
// openapi.yaml gives for its method, path and status, and every frame of both streams against
// CustomerServerFrame or StaffServerFrame. Objects are closed here (web/scripts/wire-schema.mjs):
// a field the server sends and openapi.yaml does not describe fails, and so does an event kind
// or frame type it does not list. Exit status 0 when all match; 1 with what differs; 2 for a
// usage error. Needs web/node_modules (cd web && npm ci) for Ajv and the YAML reader.

import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'paarse olifanten dansen traag';
const REFERENCE_SECRET = 'wire-test-secret-for-customer-references';
// Tuesday 24 November 2026, 10:00 in Amsterdam: the demo queues are open.
const WEEKDAY_MORNING = '2026-11-24T09:00:00Z';

function usageError(message) {
  console.error(`wire test: ${message}`);
  process.exit(2);
}

let options;
try {
  options = parseArgs({
    options: {
      balie: { type: 'string', default: process.env.BALIE ?? 'build/balie' },
      kb: { type: 'string', default: 'demo/voorbeeldbank' },
    },
  }).values;
} catch (error) {
  usageError(`${error.message}\nusage: node tests/wire/run.mjs [--balie PATH] [--kb DIR]`);
}
const balie = resolve(repo, options.balie);
const kbDir = resolve(repo, options.kb);
try {
  accessSync(balie, constants.X_OK);
} catch {
  usageError(`${balie} is not an executable; build the server first, or pass --balie`);
}
if (!existsSync(kbDir)) usageError(`the knowledge base ${kbDir} does not exist`);

const webRequire = createRequire(join(repo, 'web/package.json'));
let Ajv, addFormats, wire;
try {
  Ajv = webRequire('ajv').default;
  addFormats = webRequire('ajv-formats').default;
  wire = await import(pathToFileURL(join(repo, 'web/scripts/wire-schema.mjs')).href);
} catch (error) {
  usageError(`Ajv or yaml is not installed (${error.message}); run: (cd web && npm ci)`);
}

// ---- The schemas, closed ----

const api = wire.loadOpenApi();
const ajv = new Ajv({ ...wire.AJV_OPTIONS, allErrors: true });
addFormats(ajv);
ajv.addSchema(wire.wireDefinitions(api, { closed: true }));

const failures = [];
const counts = { bodies: 0, frames: 0 };
const exercised = new Set();

function check(name, value, where) {
  const validate = ajv.getSchema(`wire#/definitions/${name}`);
  if (!validate) throw new Error(`docs/openapi.yaml has no schema ${name}`);
  if (validate(value)) return true;
  const errors = (validate.errors ?? [])
    .slice(0, 6)
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`,
    );
  failures.push(
    `${where}: does not match ${name} of docs/openapi.yaml:\n      ${errors.join('\n      ')}\n      value: ${JSON.stringify(value).slice(0, 600)}`,
  );
  return false;
}

/** The schema name openapi.yaml gives for an answer; null for one without a body. */
function responseSchema(method, template, status) {
  const operation = api.paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${template} is not in docs/openapi.yaml`);
  let response = operation.responses[String(status)];
  if (!response) return undefined;
  if (response.$ref) response = api.components.responses[response.$ref.split('/').pop()];
  const schema = response.content?.['application/json']?.schema;
  return schema ? wire.refName(schema.$ref) : null;
}

// ---- HTTP ----

let baseUrl;

/**
 * One request; its answer's body is checked against openapi.yaml for `template` (the path as
 * openapi.yaml writes it). Returns { status, body, headers }.
 */
async function call(method, template, { params = {}, query = '', body, headers = {} } = {}) {
  let path = template;
  for (const [name, value] of Object.entries(params)) {
    path = path.replace(`{${name}}`, encodeURIComponent(value));
  }
  const response = await fetch(new URL(path + query, baseUrl), {
    method,
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const where = `${method} ${template} → ${response.status}`;
  exercised.add(`${method} ${template}`);
  const schema = responseSchema(method, template, response.status);
  let parsed = null;
  if (schema === undefined) {
    failures.push(
      `${where}: the status is not described in docs/openapi.yaml (body ${text.slice(0, 300)})`,
    );
  } else if (schema === null) {
    if (text !== '' && response.status !== 204) {
      // A response without a schema (e.g. 101, 204) should have no body to speak of.
    }
  } else {
    try {
      parsed = JSON.parse(text);
    } catch {
      failures.push(`${where}: the body is not JSON: ${text.slice(0, 300)}`);
    }
    if (parsed !== null) {
      counts.bodies++;
      check(schema, parsed, where);
    }
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

function expectStatus(answer, status, what) {
  if (answer.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  }
  return answer.body;
}

// ---- WebSocket (a small client: node 18 has none, and the console's stream needs a cookie) ----

class Socket {
  /** Opens `path` with `headers`; every text frame is passed to `onFrame`. */
  static open(path, headers, onFrame) {
    return new Promise((resolveOpen, reject) => {
      const request = httpRequest(new URL(path, baseUrl), {
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
          ...headers,
        },
      });
      request.on('upgrade', (_response, socket, head) =>
        resolveOpen(new Socket(socket, head, onFrame)),
      );
      request.on('response', (response) =>
        reject(new Error(`upgrade of ${path}: HTTP ${response.statusCode}`)),
      );
      request.on('error', reject);
      request.end();
    });
  }

  constructor(socket, head, onFrame) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.onFrame = onFrame;
    this.closed = false;
    socket.on('data', (chunk) => this.read(chunk));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => (this.closed = true));
    if (head.length > 0) this.read(head);
  }

  read(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const opcode = this.buffer[0] & 0x0f;
      let length = this.buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return;
      const payload = this.buffer.subarray(offset, offset + length);
      this.buffer = this.buffer.subarray(offset + length);
      if (opcode === 0x1) this.onFrame(payload.toString('utf8'));
      else if (opcode === 0x9)
        this.write(0xa, payload); // ping → pong
      else if (opcode === 0x8) this.socket.end();
    }
  }

  write(opcode, payload) {
    const mask = randomBytes(4);
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x80 | opcode, 0x80 | length])
        : Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff]);
    const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
    this.socket.write(Buffer.concat([header, mask, masked]));
  }

  send(frame) {
    this.write(0x1, Buffer.from(JSON.stringify(frame)));
  }

  close() {
    if (!this.closed) this.write(0x8, Buffer.from([0x03, 0xe8]));
    this.socket.end();
  }
}

/** A stream whose frames are checked against `schema` and kept, with waits for a frame. */
class Stream {
  constructor(name, schema) {
    this.name = name;
    this.schema = schema;
    this.frames = [];
    this.waiters = [];
  }

  async open(path, headers) {
    this.socket = await Socket.open(path, headers, (text) => this.receive(text));
    return this;
  }

  receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      failures.push(`${this.name}: a frame that is not JSON: ${text.slice(0, 300)}`);
      return;
    }
    counts.frames++;
    check(this.schema, frame, `${this.name} frame ${frame?.type}`);
    this.frames.push(frame);
    this.waiters = this.waiters.filter((waiter) => !waiter(frame));
  }

  /** The first frame (from now on, or already here when `seen`) for which `match` holds. */
  waitFor(what, match, { seen = false, ms = 10_000 } = {}) {
    const found = seen ? this.frames.find(match) : undefined;
    if (found) return Promise.resolve(found);
    return new Promise((resolveFrame, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: no ${what} within ${ms / 1000} s`)),
        ms,
      );
      this.waiters.push((frame) => {
        if (!match(frame)) return false;
        clearTimeout(timer);
        resolveFrame(frame);
        return true;
      });
    });
  }

  send(frame) {
    this.socket.send(frame);
  }

  close() {
    this.socket?.close();
  }
}

// ---- The server ----

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

function addUser(dataDir, name, role, env) {
  const args = ['user', 'add', '--data', dataDir, '--name', name, '--role', role];
  args.push(
    '--display-name',
    `Wire ${name}`,
    '--queues',
    'algemeen,hypotheken,bijzonder,fraude,klachten',
  );
  args.push('--languages', 'nl,en');
  const result = spawnSync(balie, args, { input: `${PASSWORD}\n`, env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`balie ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim()}`);
  }
}

async function waitReady(server) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`balie serve exited (${server.exitCode})`);
    try {
      const response = await fetch(new URL('/readyz', baseUrl));
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('GET /readyz did not answer 200 within 60 s');
}

function customerReference(body) {
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  const signature = createHmac('sha256', REFERENCE_SECRET).update(payload).digest('base64url');
  return `${payload}.${signature}`;
}

// ---- The scenario ----

async function customerSide() {
  await call('GET', '/healthz');
  await call('GET', '/readyz');
  await call('GET', '/api/v1/availability');
  await call('GET', '/api/v1/availability', { query: '?language=en' });

  const started = expectStatus(
    await call('POST', '/api/v1/conversations', {
      body: {
        language: 'nl',
        customer: customerReference({ ref: 'K-1', advisor: 'advisor', exp: 4102444800 }),
      },
    }),
    201,
    'start',
  );
  const id = started.id;
  const auth = { Authorization: `Bearer ${started.token}` };
  const customer = new Stream('customer stream', 'CustomerServerFrame');
  await customer.open(`${started.stream}?token=${encodeURIComponent(started.token)}&after=0`, {
    Origin: new URL(baseUrl).origin,
  });
  await customer.waitFor('status on connect', (f) => f.type === 'status', { seen: true });

  customer.send({
    type: 'message',
    client_id: 'w1',
    text: 'Ik ben mijn pinpas kwijt, wat moet ik doen?',
  });
  await customer.waitFor('receipt of w1', (f) => f.type === 'receipt' && f.client_id === 'w1', {
    seen: true,
  });
  await customer.waitFor('bot reply', (f) => f.type === 'event' && f.event.kind === 'bot_reply', {
    seen: true,
  });
  customer.send({ type: 'ping' });
  await customer.waitFor('pong', (f) => f.type === 'pong', { seen: true });
  customer.send({ type: 'typing' });
  customer.send({ type: 'teleport' });
  await customer.waitFor(
    'unknown_type error',
    (f) => f.type === 'error' && f.code === 'unknown_type',
    { seen: true },
  );
  customer.send({
    type: 'message',
    client_id: 'w1',
    text: 'Ik ben mijn pinpas kwijt, wat moet ik doen?',
  });
  await customer.waitFor('duplicate receipt', (f) => f.type === 'receipt' && f.duplicate, {
    seen: true,
  });

  const params = { id };
  const posted = await call('POST', '/api/v1/conversations/{id}/messages', {
    params,
    headers: auth,
    body: { client_id: 'w2', text: 'Hoe vraag ik een hypotheek aan?' },
  });
  expectStatus(posted, 201, 'POST messages');
  await call('POST', '/api/v1/conversations/{id}/messages', {
    params,
    headers: auth,
    body: { client_id: 'w2', text: 'Hoe vraag ik een hypotheek aan?' },
  });
  await call('POST', '/api/v1/conversations/{id}/messages', {
    params,
    headers: auth,
    body: { text: 1 },
  });
  await call('GET', '/api/v1/conversations/{id}', { params, headers: auth });
  await call('GET', '/api/v1/conversations/{id}', { params, headers: {} });
  await call('GET', '/api/v1/conversations/{id}/messages', { params, headers: auth });
  await call('GET', '/api/v1/conversations/{id}/messages', {
    params,
    headers: auth,
    query: '?after=1&limit=2',
  });
  await call('GET', '/api/v1/conversations/{id}/advisor', { params, headers: auth });
  await call('GET', '/api/v1/conversations/{id}/callback-slots', { params, headers: auth });
  expectStatus(
    await call('POST', '/api/v1/conversations/{id}/handoff', {
      params,
      headers: auth,
      body: { client_id: 'w3' },
    }),
    200,
    'handoff',
  );
  // Open, with nobody on duty yet: the question is kept for a reply (and waiting is refused).
  await customer.waitFor(
    'status follow_up, nobody on duty',
    (f) => f.type === 'status' && f.state === 'follow_up' && f.staffed === false,
    { seen: true },
  );
  await call('POST', '/api/v1/conversations/{id}/choice', {
    params,
    headers: auth,
    body: { client_id: 'w4', option: 'wait' },
  });
  await call('POST', '/api/v1/conversations/{id}/choice', {
    params,
    headers: auth,
    body: { client_id: 'w5', option: 'teleport' },
  });
  return { id, customer };
}

async function staffSide({ id, customer }) {
  const origin = new URL(baseUrl).origin;
  const login = await call('POST', '/api/v1/staff/login', {
    body: { name: 'wire', password: PASSWORD },
  });
  expectStatus(login, 200, 'log-in');
  await call('POST', '/api/v1/staff/login', {
    body: { name: 'wire', password: 'not the password at all' },
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const staff = { Cookie: cookie, 'X-CSRF-Token': login.body.csrf, Origin: origin };
  const params = { id };

  const console_ = new Stream('staff stream', 'StaffServerFrame');
  await console_.open('/api/v1/staff/stream', { Cookie: cookie, Origin: origin });
  await console_.waitFor('inbox', (f) => f.type === 'inbox', { seen: true });
  await console_.waitFor('presence', (f) => f.type === 'presence', { seen: true });
  await console_.waitFor('overview', (f) => f.type === 'overview', { seen: true });
  console_.send({ type: 'heartbeat' });
  console_.send({ type: 'presence', state: 'available' });
  console_.send({ type: 'watch', conversation_id: id });
  console_.send({ type: 'watch', conversation_id: 'c_nobody' });
  await console_.waitFor('not_found error', (f) => f.type === 'error' && f.code === 'not_found', {
    seen: true,
  });
  console_.send({ type: 'mystery' });
  await console_.waitFor(
    'unknown_type error',
    (f) => f.type === 'error' && f.code === 'unknown_type',
    { seen: true },
  );

  await call('GET', '/api/v1/staff/me', { headers: staff });
  await call('GET', '/api/v1/staff/me', { headers: {} });
  await call('GET', '/api/v1/staff/conversations/{id}', { params, headers: staff });
  await call('GET', '/api/v1/staff/conversations/{id}', {
    params: { id: 'c_nobody' },
    headers: staff,
  });
  await call('GET', '/api/v1/staff/suggestions', {
    query: '?q=pas%20kwijt&language=nl',
    headers: staff,
  });
  await call('GET', '/api/v1/staff/conversations/{id}/callback-slots', { params, headers: staff });
  expectStatus(
    await call('POST', '/api/v1/staff/conversations/{id}/reply', {
      params,
      headers: staff,
      body: { client_id: 's1', text: 'Goedemorgen, ik help u verder.' },
    }),
    201,
    'reply',
  );
  await customer.waitFor(
    'agent_message',
    (f) => f.type === 'event' && f.event.kind === 'agent_message',
    { seen: true },
  );
  await console_.waitFor('event frame', (f) => f.type === 'event', { seen: true });
  customer.send({ type: 'typing' });
  await console_.waitFor('typing', (f) => f.type === 'typing', { seen: true });
  console_.send({ type: 'typing', conversation_id: id });
  await customer.waitFor('agent typing', (f) => f.type === 'typing' && f.author === 'agent', {
    seen: true,
  });
  await call('POST', '/api/v1/staff/conversations/{id}/notes', {
    params,
    headers: staff,
    body: { client_id: 's2', text: 'Klant belt vaker over de pas.' },
  });
  await call('POST', '/api/v1/staff/conversations/{id}/reply', {
    params,
    headers: staff,
    body: {},
  });
  await call('POST', '/api/v1/staff/conversations/{id}/reply', {
    params,
    headers: { Cookie: cookie, Origin: origin },
    body: { client_id: 's3', text: 'zonder CSRF' },
  });

  // A decision above this member of staff's mandate (an admin decides nothing alone in the demo):
  // a request for approval, which they may not answer themselves.
  const decided = await call('POST', '/api/v1/staff/conversations/{id}/decisions', {
    params,
    headers: staff,
    body: { client_id: 's4', decision: 'waive_fee', amount: 1500, reason: 'Schade door ons' },
  });
  expectStatus(decided, 201, 'decision');
  await customer.waitFor('decision', (f) => f.type === 'event' && f.event.kind === 'decision', {
    seen: true,
  });
  await call('POST', '/api/v1/staff/conversations/{id}/decisions', {
    params,
    headers: staff,
    body: { client_id: 's5', decision: 'free_money', amount: '10', reason: 'x' },
  });
  await call('GET', '/api/v1/staff/approvals', { headers: staff });
  await call('POST', '/api/v1/staff/conversations/{id}/decisions/{seq}/answer', {
    params: { ...params, seq: String(decided.body.event.seq) },
    headers: staff,
    body: { client_id: 's6', verdict: 'approved', reason: 'eigen goedkeuring' },
  });
  await call('GET', '/api/v1/staff/decisions', { query: '?days=7', headers: staff });
  // A flag with its facts; without facts it is refused; its own raiser cannot confirm it.
  const raised = await call('POST', '/api/v1/staff/conversations/{id}/flags', {
    params,
    headers: staff,
    body: {
      kind: 'needs_care',
      facts: [{ event: 2, description: 'Schrijft dat de brieven niet te lezen zijn' }],
      reason: 'Brieven voorlezen of bellen',
      severity: 'low',
      expires_in_days: 30,
    },
  });
  expectStatus(raised, 201, 'flag raised');
  await call('POST', '/api/v1/staff/conversations/{id}/flags', {
    params,
    headers: staff,
    body: {
      kind: 'needs_care',
      facts: [],
      reason: 'x',
      severity: 'low',
      expires_at: '2026-12-24T09:00:00Z',
    },
  });
  await call('GET', '/api/v1/staff/conversations/{id}/flags', { params, headers: staff });
  await call('POST', '/api/v1/staff/customer-flags/{id}/status', {
    params: { id: String(raised.body.flag.id) },
    headers: staff,
    body: { status: 'confirmed', reason: 'eigen' },
  });
  // The customer contests it; whoever raised it records that, but does not review it.
  expectStatus(
    await call('POST', '/api/v1/staff/customer-flags/{id}/contests', {
      params: { id: String(raised.body.flag.id) },
      headers: staff,
      body: { client_id: 's7', text: 'Ik kan mijn brieven prima lezen' },
    }),
    201,
    'contest recorded',
  );
  expectStatus(
    await call('POST', '/api/v1/staff/customer-flags/{id}/contest-review', {
      params: { id: String(raised.body.flag.id) },
      headers: staff,
      body: { client_id: 's8', outcome: 'upheld', reason: 'eigen' },
    }),
    403,
    'contest review by who raised the flag',
  );
  await call('GET', '/api/v1/staff/contests', { headers: staff });
  expectStatus(
    await call('POST', '/api/v1/staff/customer-flags/{id}/status', {
      params: { id: String(raised.body.flag.id) },
      headers: staff,
      body: { status: 'dismissed', reason: 'Klant belde: is opgelost' },
    }),
    200,
    'flag dismissed',
  );

  const flag = await call('POST', '/api/v1/staff/knowledge-flags', {
    headers: staff,
    body: {
      kind: 'missing',
      conversation_id: id,
      note: 'Een artikel over een nieuwe pas per post',
    },
  });
  expectStatus(flag, 201, 'flag');
  await call('GET', '/api/v1/staff/knowledge-flags', { headers: staff });
  await call('GET', '/api/v1/staff/overview', { headers: staff });
  await call('GET', '/api/v1/staff/agents', { headers: staff });

  const users = expectStatus(
    await call('GET', '/api/v1/staff/users', { headers: staff }),
    200,
    'users',
  );
  const added = await call('POST', '/api/v1/staff/users', {
    headers: staff,
    body: {
      name: 'collega',
      display_name: 'Collega Wire',
      role: 'agent',
      password: PASSWORD,
      queues: ['algemeen'],
      languages: ['nl'],
      capacity: 3,
      schedule: { monday: ['08:00-17:00'] },
    },
  });
  expectStatus(added, 201, 'add a user');
  await call('POST', '/api/v1/staff/users', {
    headers: staff,
    body: { name: 'zwak', password: 'geheim' },
  });
  await call('POST', '/api/v1/staff/users/{id}', {
    params: { id: added.body.user.id },
    headers: staff,
    body: { capacity: 2 },
  });
  const advisor = users.users.find((u) => u.name === 'advisor');
  const queues = expectStatus(
    await call('GET', '/api/v1/staff/queues', { headers: staff }),
    200,
    'queues',
  );
  const queue = queues.queues[0];
  await call('POST', '/api/v1/staff/queues/{id}', {
    params: { id: queue.id },
    headers: staff,
    body: { name_nl: queue.name_nl },
  });
  await call('POST', '/api/v1/staff/queues/{id}', {
    params: { id: queue.id },
    headers: staff,
    body: { hours: { someday: [] } },
  });

  await call('POST', '/api/v1/staff/conversations/{id}/transfer', {
    params,
    headers: staff,
    body: { client_id: 's4', queue: 'algemeen', note: 'graag even bellen' },
  });
  await call('POST', '/api/v1/staff/conversations/{id}/assign', {
    params,
    headers: staff,
    body: { client_id: 's5', agent: advisor.id },
  });
  const slots = expectStatus(
    await call('GET', '/api/v1/staff/conversations/{id}/callback-slots', {
      params,
      headers: staff,
    }),
    200,
    'slots',
  );
  if (slots.slots.length > 0) {
    await call('POST', '/api/v1/staff/conversations/{id}/callback', {
      params,
      headers: staff,
      body: { client_id: 's6', slot: slots.slots[0].start, phone: '0612345678' },
    });
    await call('POST', '/api/v1/staff/conversations/{id}/assign', {
      params,
      headers: staff,
      body: { client_id: 's7', agent: users.users.find((u) => u.name === 'wire').id },
    });
    await call('POST', '/api/v1/staff/conversations/{id}/callback-outcome', {
      params,
      headers: staff,
      body: { client_id: 's8', outcome: 'reached', note: 'gebeld' },
    });
  }
  await call('POST', '/api/v1/staff/conversations/{id}/resolve', {
    params,
    headers: staff,
    body: { client_id: 's9' },
  });
  await customer.waitFor('resolved', (f) => f.type === 'event' && f.event.kind === 'resolved', {
    seen: true,
  });
  await call('GET', '/api/v1/conversations/{id}/messages', {
    params,
    headers: { Authorization: '' },
  });
  await call('GET', '/api/v1/staff/conversations/{id}', { params, headers: staff });
  await call('POST', '/api/v1/staff/logout', { headers: staff, body: {} });
  await new Promise((r) => setTimeout(r, 200));
  console_.close();
}

// ---- Main ----

const dataDir = await mkdtemp(join(tmpdir(), 'balie-wire-'));
const env = { ...process.env, BALIE_CUSTOMERS_REFERENCE_SECRET: REFERENCE_SECRET };
const port = await freePort();
baseUrl = `http://127.0.0.1:${port}/`;
let server;
let log = '';
let crashed = null;
try {
  addUser(dataDir, 'wire', 'admin', env);
  addUser(dataDir, 'advisor', 'agent', env);
  const args = ['serve', '--kb', kbDir, '--data', dataDir, '--listen', `127.0.0.1:${port}`];
  args.push('--config', join(repo, 'demo/balie.toml'), '--pretend-time', WEEKDAY_MORNING);
  server = spawn(balie, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [server.stdout, server.stderr]) {
    stream.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
  }
  await waitReady(server);
  const conversation = await customerSide();
  await staffSide(conversation);
  conversation.customer.close();
} catch (error) {
  crashed = error;
} finally {
  server?.kill('SIGTERM');
  await new Promise((r) => (server && server.exitCode === null ? server.once('exit', r) : r()));
  await rm(dataDir, { recursive: true, force: true });
}

const described = wire.openApiRoutes(api).filter((route) => {
  const [method, path] = route.split(' ');
  return !api.paths[path][method.toLowerCase()]['x-websocket'];
});
const missed = described.filter((route) => !exercised.has(route));
console.log(
  `wire test: ${counts.bodies} bodies and ${counts.frames} frames checked against docs/openapi.yaml; ` +
    `${described.length - missed.length} of ${described.length} HTTP operations exercised` +
    (missed.length ? ` (not: ${missed.join(', ')})` : ''),
);
if (crashed) {
  console.error(
    `wire test: the scenario stopped: ${crashed.stack ?? crashed}\n--- server log (tail) ---\n${log}`,
  );
}
if (failures.length > 0) {
  console.error(
    `wire test: ${failures.length} answers or frames differ from docs/openapi.yaml (change the ` +
      'server or describe the change there, then run `npm run generate` in web/):\n  ' +
      failures.join('\n  '),
  );
}
process.exit(crashed || failures.length > 0 ? 1 : 0);
