import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConversationClient,
  customerOf,
  storageKey,
  type SocketFactory,
  type SocketHandlers,
  type SocketLike,
} from './conversation-client';
import type { ConversationEvent, ServerFrame } from './protocol';
import { MemoryStore } from './storage';

const ORIGIN = 'https://chat.example.nl';

/** A socket the test drives: it records what the client sends and plays the server's part. */
class FakeSocket implements SocketLike {
  readonly sent: Record<string, unknown>[] = [];
  closed = false;

  constructor(
    readonly url: URL,
    private readonly handlers: SocketHandlers,
  ) {}

  send(data: string): void {
    if (this.closed) throw new Error('send on a closed socket');
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.handlers.onOpen();
  }

  receive(frame: ServerFrame): void {
    this.handlers.onMessage(JSON.stringify(frame));
  }

  /** The network drops the connection (or the upgrade is refused, when never opened). */
  drop(): void {
    this.closed = true;
    this.handlers.onClose(1006, '');
  }

  durableFrames(): Record<string, unknown>[] {
    return this.sent.filter((f) => typeof f['client_id'] === 'string');
  }
}

interface FakeServer {
  sockets: FakeSocket[];
  socket: SocketFactory;
  fetch: typeof fetch;
  requests: { method: string; url: string; auth: string | null; body: unknown }[];
  /** Status code GET /conversations/{id} answers (the probe after a refused upgrade). */
  conversationStatus: number;
  history: ConversationEvent[];
  failStart: number;
  /** The answer of GET …/advisor (404 when null). */
  advisor: unknown;
  /** The slots of GET …/callback-slots. */
  slots: unknown[];
  /** The queues of GET /api/v1/availability. */
  queues: unknown[];
  last(): FakeSocket;
}

function fakeServer(): FakeServer {
  const server: FakeServer = {
    sockets: [],
    requests: [],
    conversationStatus: 200,
    history: [],
    failStart: 0,
    advisor: null,
    slots: [{ start: '2026-11-24T10:00:00Z', end: '2026-11-24T10:30:00Z' }],
    queues: [],
    socket: (url, handlers) => {
      const socket = new FakeSocket(new URL(url), handlers);
      server.sockets.push(socket);
      return socket;
    },
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const method = init?.method ?? 'GET';
      const headers = new Headers(init?.headers);
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : null;
      server.requests.push({ method, url: url.href, auth: headers.get('Authorization'), body });
      const json = (status: number, value: unknown) =>
        new Response(JSON.stringify(value), {
          status,
          headers: { 'Content-Type': 'application/json' },
        });
      if (method === 'POST' && url.pathname === '/api/v1/conversations') {
        if (server.failStart > 0) {
          server.failStart--;
          throw new TypeError('Failed to fetch');
        }
        return json(201, {
          id: 'c1',
          token: 'secret-token',
          language: (body as { language?: string } | null)?.language ?? 'nl',
          stream: '/api/v1/conversations/c1/stream',
          advisor: false,
        });
      }
      if (url.pathname === '/api/v1/conversations/c1') {
        return json(server.conversationStatus, { state: 'bot' });
      }
      if (url.pathname === '/api/v1/availability') {
        return json(200, { queues: server.queues, register: 'je' });
      }
      if (url.pathname === '/api/v1/conversations/c1/messages') {
        // As the server pages: at most `limit` events after `after`, and whether more follow.
        const after = Number(url.searchParams.get('after') ?? '0');
        const limit = Number(url.searchParams.get('limit') ?? '500');
        const rest = server.history.filter((e) => e.seq > after);
        return json(200, { events: rest.slice(0, limit), more: rest.length > limit });
      }
      if (url.pathname === '/api/v1/conversations/c1/advisor') {
        return server.advisor
          ? json(200, server.advisor)
          : json(404, { error: { code: 'not_found', message: 'no advisor' } });
      }
      if (url.pathname === '/api/v1/conversations/c1/callback-slots') {
        return json(200, { slots: server.slots });
      }
      return json(404, { error: { code: 'not_found', message: 'no such thing' } });
    },
    last: () => {
      const socket = server.sockets[server.sockets.length - 1];
      if (!socket) throw new Error('no socket was opened');
      return socket;
    },
  };
  return server;
}

function botReply(seq: number, text = 'Blokkeer je pas in de app.'): ConversationEvent {
  return {
    seq,
    kind: 'bot_reply',
    at: '2026-11-24T09:30:01Z',
    author: 'bot',
    decision: 'answer',
    text,
    sources: [{ id: 'pas-blokkeren', title: 'Pas kwijt', url: 'https://www.voorbeeldbank.nl/x' }],
  };
}

function customerMessage(seq: number, clientId: string, text: string): ConversationEvent {
  return {
    seq,
    kind: 'customer_message',
    at: '2026-11-24T09:30:00Z',
    author: 'customer',
    client_id: clientId,
    text,
  };
}

let ids = 0;
function makeClient(server: FakeServer, store = new MemoryStore(), customer?: string) {
  return new ConversationClient({
    origin: ORIGIN,
    store,
    ...(customer ? { customer } : {}),
    fetch: server.fetch,
    socket: server.socket,
    newId: () => `id${++ids}`,
    random: () => 0.5,
  });
}

/** Lets pending promises (fetch, json) and zero-delay timers run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  ids = 0;
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ConversationClient: starting and sending', () => {
  it('starts the conversation on the first message and sends it on the stream', async () => {
    const server = fakeServer();
    const store = new MemoryStore();
    const client = makeClient(server, store);
    client.sendMessage('  Ik ben mijn pinpas kwijt  ', { language: 'nl' });

    // Pending (and saved) before anything was sent.
    expect(client.snapshot().pending).toEqual([
      { type: 'message', client_id: 'id1', text: 'Ik ben mijn pinpas kwijt' },
    ]);
    expect(JSON.parse(store.getItem(storageKey(ORIGIN)) ?? '{}').outbox).toHaveLength(1);

    await settle();
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: `${ORIGIN}/api/v1/conversations`,
      body: { language: 'nl' },
    });
    const socket = server.last();
    expect(socket.url.protocol).toBe('wss:');
    expect(socket.url.pathname).toBe('/api/v1/conversations/c1/stream');
    expect(socket.url.searchParams.get('token')).toBe('secret-token');
    expect(socket.url.searchParams.get('after')).toBe('0');
    expect(client.snapshot().connection).toBe('connecting');

    socket.open();
    expect(socket.sent).toEqual([
      { type: 'message', client_id: 'id1', text: 'Ik ben mijn pinpas kwijt' },
    ]);
    expect(client.snapshot().pending).toHaveLength(1); // no receipt yet

    socket.receive({ type: 'receipt', client_id: 'id1', seq: 2, duplicate: false });
    const snapshot = client.snapshot();
    expect(snapshot.pending).toEqual([]);
    expect(snapshot.events).toMatchObject([
      { seq: 2, kind: 'customer_message', text: 'Ik ben mijn pinpas kwijt', client_id: 'id1' },
    ]);
    expect(JSON.parse(store.getItem(storageKey(ORIGIN)) ?? '{}')).toMatchObject({
      conversation: { id: 'c1', token: 'secret-token', language: 'nl' },
      outbox: [],
    });
  });

  it('retries starting with backoff when the network is down', async () => {
    const server = fakeServer();
    server.failStart = 2;
    const client = makeClient(server);
    client.sendMessage('Hallo');
    await settle();
    expect(client.snapshot().connection).toBe('offline');
    expect(server.sockets).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(400); // first retry after 250..500 ms
    await vi.advanceTimersByTimeAsync(800); // second after 500..1000 ms
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
    server.last().open();
    expect(server.last().durableFrames()).toMatchObject([{ client_id: 'id1', text: 'Hallo' }]);
  });

  it('refuses empty and too long messages before sending', () => {
    const client = makeClient(fakeServer());
    expect(() => client.sendMessage('   ')).toThrow(RangeError);
    expect(() => client.sendMessage('x'.repeat(4001))).toThrow(RangeError);
    expect(client.snapshot().pending).toEqual([]);
  });

  it('sends handoff and choose frames with client ids', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.requestHandoff({ language: 'en' });
    await settle();
    server.last().open();
    client.choose('callback', { slot: '2026-11-24T10:00:00Z', phone: '0612345678' });
    expect(server.last().sent).toEqual([
      { type: 'handoff', client_id: 'id1' },
      {
        type: 'choose',
        client_id: 'id2',
        option: 'callback',
        slot: '2026-11-24T10:00:00Z',
        phone: '0612345678',
      },
    ]);
    expect(server.requests[0]?.body).toEqual({ language: 'en' });
  });

  it('fetches callback slots with the token, and none from an answer that is not SlotsResponse', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.requestHandoff();
    await settle();
    const slots = await client.callbackSlots();
    expect(slots).toEqual([{ start: '2026-11-24T10:00:00Z', end: '2026-11-24T10:30:00Z' }]);
    expect(server.requests.at(-1)?.auth).toBe('Bearer secret-token');
    server.slots.push({ bad: 1 });
    expect(await client.callbackSlots()).toEqual([]);
  });

  it('reads the default queue from the availability before any conversation, and nothing from a bad answer', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    const queue = (id: string, isDefault: boolean) => ({
      id,
      name: id,
      default: isDefault,
      time_zone: 'Europe/Amsterdam',
      open: true,
      staffed: false,
      opens_at: null,
      closes_at: '2026-11-24T19:00:00Z',
      staffed_from: null,
      agents_on_duty: 0,
      estimated_wait_seconds: null,
    });
    server.queues.push(queue('hypotheken', false), queue('algemeen', true));
    expect((await client.availability('nl'))?.queue?.id).toBe('algemeen');
    expect((await client.availability('nl'))?.register).toBe('je');
    expect(server.requests.at(-1)?.url).toBe(`${ORIGIN}/api/v1/availability?language=nl`);
    server.queues.push({ id: 'broken' });
    expect(await client.availability('nl')).toBeNull();
  });
});

describe('ConversationClient: reconnect and resend', () => {
  it('reconnects with backoff after the connection drops, from the highest seq seen', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.sendMessage('Vraag');
    await settle();
    const first = server.last();
    first.open();
    first.receive({ type: 'event', event: { ...customerMessage(1, 'id1', 'Vraag') } });
    first.receive({ type: 'receipt', client_id: 'id1', seq: 1, duplicate: false });
    first.receive({ type: 'event', event: botReply(2) });

    first.drop();
    expect(client.snapshot().connection).toBe('offline');
    expect(server.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(server.sockets).toHaveLength(1); // not before the backoff delay
    await vi.advanceTimersByTimeAsync(300);
    expect(server.sockets).toHaveLength(2);
    expect(server.last().url.searchParams.get('after')).toBe('2');

    // It keeps trying, with growing delays, while the server is unreachable.
    server.last().drop();
    await vi.advanceTimersByTimeAsync(700);
    expect(server.sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(300);
    expect(server.sockets).toHaveLength(3);
    server.last().open();
    expect(client.snapshot().connection).toBe('open');
    expect(server.last().sent).toEqual([]); // everything was acknowledged: nothing to resend
  });

  it('resends unacknowledged frames with the same client_id after a reconnect', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.sendMessage('Eerste');
    await settle();
    server.last().open();
    client.sendMessage('Tweede');
    server.last().receive({ type: 'receipt', client_id: 'id1', seq: 1, duplicate: false });
    // The receipt of "Tweede" is lost with the connection.
    server.last().drop();
    expect(client.snapshot().pending).toMatchObject([{ client_id: 'id2', text: 'Tweede' }]);

    await vi.advanceTimersByTimeAsync(500);
    const second = server.last();
    expect(second).not.toBe(server.sockets[0]);
    second.open();
    expect(second.durableFrames()).toEqual([{ type: 'message', client_id: 'id2', text: 'Tweede' }]);
    second.receive({ type: 'receipt', client_id: 'id2', seq: 2, duplicate: true });
    expect(client.snapshot().pending).toEqual([]);
    expect(client.snapshot().events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('treats the echo of its own message as an acknowledgement', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.sendMessage('Hallo');
    await settle();
    server.last().open();
    server.last().drop();
    await vi.advanceTimersByTimeAsync(500);
    server.last().open();
    // The replay brings the stored message before the receipt of the resend.
    server.last().receive({ type: 'event', event: customerMessage(1, 'id1', 'Hallo') });
    expect(client.snapshot().pending).toEqual([]);
    server.last().receive({ type: 'receipt', client_id: 'id1', seq: 1, duplicate: true });
    expect(client.snapshot().events).toHaveLength(1);
  });

  it('reconnects at once when told the network is back', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.sendMessage('Hallo');
    await settle();
    server.last().open();
    for (let i = 0; i < 6; i++) {
      server.last().drop();
      await vi.runOnlyPendingTimersAsync();
    }
    const count = server.sockets.length;
    server.last().drop();
    client.reconnectNow();
    expect(server.sockets).toHaveLength(count + 1);
  });

  it('closes a silent connection after a ping without an answer, and reconnects', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.sendMessage('Hallo');
    await settle();
    const socket = server.last();
    socket.open();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(socket.sent.at(-1)).toEqual({ type: 'ping' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(socket.closed).toBe(true);
    expect(client.snapshot().connection).not.toBe('open');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.sockets.length).toBeGreaterThan(1);
  });

  it('keeps a connection that answers pings', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.sendMessage('Hallo');
    await settle();
    const socket = server.last();
    socket.open();
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(25_000);
      socket.receive({ type: 'pong' });
    }
    expect(socket.closed).toBe(false);
    expect(server.sockets).toHaveLength(1);
  });
});

describe('ConversationClient: de-duplication by seq', () => {
  it('shows each event once, however often it arrives', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.sendMessage('Vraag');
    await settle();
    const socket = server.last();
    socket.open();
    socket.receive({ type: 'receipt', client_id: 'id1', seq: 1, duplicate: false });
    socket.receive({ type: 'event', event: customerMessage(1, 'id1', 'Vraag') });
    socket.receive({ type: 'event', event: botReply(2) });
    socket.receive({ type: 'event', event: botReply(2, 'a different text, same seq') });
    socket.drop();
    await vi.advanceTimersByTimeAsync(500);
    // A server that replays too much (after=0) still shows nothing twice.
    server.last().open();
    server.last().receive({ type: 'event', event: customerMessage(1, 'id1', 'Vraag') });
    server.last().receive({ type: 'event', event: botReply(2) });
    server.last().receive({ type: 'event', event: botReply(3, 'Nog iets') });

    const events = client.snapshot().events;
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[1]).toMatchObject({ text: 'Blokkeer je pas in de app.' });
  });

  it('replaces its local copy of a message with the server event', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.sendMessage('Vraag');
    await settle();
    server.last().open();
    server.last().receive({ type: 'receipt', client_id: 'id1', seq: 1, duplicate: false });
    expect(client.snapshot().events[0]?.at).not.toBe('2026-11-24T09:30:00Z');
    server.last().receive({ type: 'event', event: customerMessage(1, 'id1', 'Vraag') });
    expect(client.snapshot().events).toHaveLength(1);
    expect(client.snapshot().events[0]?.at).toBe('2026-11-24T09:30:00Z');
  });

  it('orders events by seq whatever order they arrive in', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.requestHandoff();
    await settle();
    server.last().open();
    server.last().receive({ type: 'event', event: botReply(2) });
    server.last().receive({ type: 'event', event: customerMessage(1, 'x', 'Vraag') });
    expect(client.snapshot().events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('fetches a missing event over HTTP when the stream skips a seq', async () => {
    const server = fakeServer();
    server.history = [customerMessage(1, 'x', 'Vraag'), botReply(2), botReply(3, 'Derde')];
    const client = makeClient(server);
    client.requestHandoff();
    await settle();
    server.last().open();
    server.last().receive({ type: 'event', event: customerMessage(1, 'x', 'Vraag') });
    server.last().receive({ type: 'event', event: botReply(3, 'Derde') });
    expect(client.snapshot().events.map((e) => e.seq)).toEqual([1, 3]);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(server.requests.at(-1)?.url).toBe(
      `${ORIGIN}/api/v1/conversations/c1/messages?after=1&limit=500`,
    );
    expect(client.snapshot().events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('fetches the event of an acknowledged frame that the stream does not bring', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.sendMessage('Vraag');
    await settle();
    server.last().open();
    server.last().receive({ type: 'receipt', client_id: 'id1', seq: 1, duplicate: false });
    client.choose('wait');
    server.last().receive({ type: 'receipt', client_id: 'id2', seq: 2, duplicate: false });
    server.history = [
      customerMessage(1, 'id1', 'Vraag'),
      { seq: 2, kind: 'choice', at: '2026-11-24T09:31:00Z', author: 'customer', option: 'wait' },
    ];
    await vi.advanceTimersByTimeAsync(1_500);
    expect(client.snapshot().events.map((e) => e.kind)).toEqual(['customer_message', 'choice']);
    expect(server.requests.filter((r) => r.url.includes('/messages'))).toHaveLength(1);
  });

  it('does not fetch anything when the stream brings every event', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.requestHandoff();
    await settle();
    server.last().open();
    server.last().receive({ type: 'receipt', client_id: 'id1', seq: 2, duplicate: false });
    server.last().receive({ type: 'event', event: customerMessage(1, 'x', 'Vraag') });
    server.last().receive({
      type: 'event',
      event: { seq: 2, kind: 'handoff', at: '2026-11-24T09:31:00Z', author: 'customer' },
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.requests.filter((r) => r.url.includes('/messages'))).toHaveLength(0);
  });

  it('ignores frames it cannot parse', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    const seen: number[] = [];
    client.subscribe((s) => seen.push(s.events.length));
    client.requestHandoff();
    await settle();
    server.last().open();
    const handlers = server.last() as unknown as { handlers: SocketHandlers };
    handlers.handlers.onMessage('not json');
    handlers.handlers.onMessage('{"type":"event","event":{"seq":"1"}}');
    handlers.handlers.onMessage('{"type":"future_frame"}');
    expect(client.snapshot().events).toEqual([]);
  });
});

describe('ConversationClient: persistence across page loads', () => {
  it('resumes the saved conversation, replays history from 0 and resends unacknowledged frames', async () => {
    const store = new MemoryStore();
    const server = fakeServer();
    const first = makeClient(server, store);
    first.sendMessage('Eerste');
    await settle();
    server.last().open();
    server.last().receive({ type: 'receipt', client_id: 'id1', seq: 1, duplicate: false });
    server.last().receive({ type: 'event', event: botReply(2) });
    first.sendMessage('Tweede'); // sent, but the page is reloaded before its receipt
    first.dispose();

    const second = makeClient(server, store);
    second.restore();
    expect(second.snapshot().conversationId).toBe('c1');
    expect(second.snapshot().pending).toMatchObject([{ client_id: 'id2', text: 'Tweede' }]);
    const socket = server.last();
    expect(socket.url.searchParams.get('after')).toBe('0');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1); // no new start
    socket.open();
    expect(socket.durableFrames()).toEqual([{ type: 'message', client_id: 'id2', text: 'Tweede' }]);
    socket.receive({ type: 'event', event: customerMessage(1, 'id1', 'Eerste') });
    socket.receive({ type: 'event', event: botReply(2) });
    socket.receive({ type: 'event', event: customerMessage(3, 'id2', 'Tweede') });
    socket.receive({ type: 'receipt', client_id: 'id2', seq: 3, duplicate: true });
    expect(second.snapshot().events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(second.snapshot().pending).toEqual([]);
    expect(JSON.parse(store.getItem(storageKey(ORIGIN)) ?? '{}').outbox).toEqual([]);
  });

  it('sends a message typed before the conversation could start, after a reload', async () => {
    const store = new MemoryStore();
    const server = fakeServer();
    server.failStart = 1;
    const first = makeClient(server, store);
    first.sendMessage('Offline getypt');
    await settle();
    first.dispose();

    const second = makeClient(server, store);
    second.restore();
    await settle();
    server.last().open();
    expect(server.last().durableFrames()).toEqual([
      { type: 'message', client_id: 'id1', text: 'Offline getypt' },
    ]);
  });

  it('keeps one conversation per server origin', () => {
    const store = new MemoryStore();
    store.setItem(
      storageKey('https://other.example'),
      JSON.stringify({ v: 1, conversation: { id: 'o', token: 't', language: 'en' }, outbox: [] }),
    );
    const client = makeClient(fakeServer(), store);
    client.restore();
    expect(client.snapshot().conversationId).toBeNull();
  });

  it('ignores unreadable saved state', () => {
    const store = new MemoryStore();
    store.setItem(storageKey(ORIGIN), '{broken');
    const client = makeClient(fakeServer(), store);
    client.restore();
    expect(client.snapshot().conversationId).toBeNull();
  });

  it('starts over, keeping unsent messages, when the server no longer knows the conversation', async () => {
    const store = new MemoryStore();
    store.setItem(
      storageKey(ORIGIN),
      JSON.stringify({
        v: 1,
        conversation: { id: 'c1', token: 'old', language: 'nl' },
        outbox: [{ type: 'message', client_id: 'keep', text: 'Nog niet verstuurd' }],
      }),
    );
    const server = fakeServer();
    server.conversationStatus = 404;
    const client = makeClient(server, store);
    const notices: string[] = [];
    client.onNotice((n) => notices.push(n.code));
    client.restore();
    server.last().drop(); // the upgrade is refused (404 before the upgrade)
    await settle();
    expect(notices).toEqual(['conversation_lost']);
    expect(server.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'GET /api/v1/conversations/c1',
      'POST /api/v1/conversations',
    ]);
    server.conversationStatus = 200;
    server.last().open();
    expect(server.last().durableFrames()).toEqual([
      { type: 'message', client_id: 'keep', text: 'Nog niet verstuurd' },
    ]);
  });

  it('forgets the conversation on request', async () => {
    const store = new MemoryStore();
    const server = fakeServer();
    const client = makeClient(server, store);
    client.sendMessage('Hallo');
    await settle();
    client.forget();
    expect(store.getItem(storageKey(ORIGIN))).toBeNull();
    expect(client.snapshot()).toMatchObject({ conversationId: null, events: [], pending: [] });
    expect(server.last().closed).toBe(true);
  });
});

describe('ConversationClient: error frames', () => {
  it('resends a rate-limited frame later with the same client_id', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.sendMessage('Snel');
    await settle();
    const socket = server.last();
    socket.open();
    socket.receive({ type: 'error', code: 'rate_limited', message: 'slow down', client_id: 'id1' });
    expect(client.snapshot().pending).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(socket.durableFrames()).toEqual([
      { type: 'message', client_id: 'id1', text: 'Snel' },
      { type: 'message', client_id: 'id1', text: 'Snel' },
    ]);
  });

  it('gives up on a frame refused as bad_field and tells the customer', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    const notices: unknown[] = [];
    client.onNotice((n) => notices.push(n));
    client.sendMessage('Iets');
    await settle();
    server.last().open();
    server.last().receive({
      type: 'error',
      code: 'bad_field',
      message: 'text: at most 4000 characters',
      client_id: 'id1',
    });
    expect(client.snapshot().pending).toEqual([]);
    expect(client.snapshot().failed).toMatchObject([
      { code: 'bad_field', frame: { text: 'Iets' } },
    ]);
    expect(notices).toMatchObject([
      { code: 'bad_field', message: 'text: at most 4000 characters' },
    ]);
    server.last().drop();
    await vi.advanceTimersByTimeAsync(500);
    server.last().open();
    expect(server.last().durableFrames()).toEqual([]); // not resent
    client.dismissFailed('id1');
    expect(client.snapshot().failed).toEqual([]);
  });
});

describe('ConversationClient: events the customer never sees', () => {
  it('skips a seq the history does not hold (an internal note), and stops asking', async () => {
    const server = fakeServer();
    // Seq 3 is a staff note: never on the customer's stream nor in their history.
    server.history = [customerMessage(1, 'x', 'Vraag'), botReply(2), botReply(4, 'Vierde')];
    const client = makeClient(server);
    client.requestHandoff();
    await settle();
    server.last().open();
    server.last().receive({ type: 'event', event: customerMessage(1, 'x', 'Vraag') });
    server.last().receive({ type: 'event', event: botReply(2) });
    server.last().receive({ type: 'event', event: botReply(4, 'Vierde') });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(client.snapshot().events.map((e) => e.seq)).toEqual([1, 2, 4]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.requests.filter((r) => r.url.includes('/messages'))).toHaveLength(1);
    // A reconnect asks for what comes after 4, not after 2.
    server.last().drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(server.last().url.searchParams.get('after')).toBe('4');
  });
});

describe('ConversationClient: a long history over HTTP', () => {
  it('pages on while the server says more follow, past notes at a page boundary', async () => {
    const server = fakeServer();
    // 640 events; every tenth is a staff note the history leaves out, and so is 557, just after
    // the first page's 500th event.
    for (let seq = 1; seq <= 640; seq++) {
      if (seq % 10 === 0 || seq === 557) continue;
      server.history.push(seq % 2 === 1 ? customerMessage(seq, `x${seq}`, 'Vraag') : botReply(seq));
    }
    const client = makeClient(server);
    client.requestHandoff();
    await settle();
    server.last().open();
    server.last().receive({ type: 'event', event: customerMessage(1, 'x1', 'Vraag') });
    server.last().receive({ type: 'event', event: botReply(638) });
    await vi.advanceTimersByTimeAsync(1_500);
    const pages = server.requests.filter((r) => r.url.includes('/messages'));
    expect(pages).toHaveLength(2);
    expect(client.snapshot().events.map((e) => e.seq)).toEqual(
      server.history.map((event) => event.seq),
    );
    // Everything up to the last event is known, notes included: a reconnect asks for what follows.
    server.last().drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(server.last().url.searchParams.get('after')).toBe('639');
  });
});

/** A reference as an organisation's site makes it (the signature is not checked here). */
function reference(ref: string): string {
  const payload = btoa(JSON.stringify({ ref, advisor: 'jdevries', exp: 1795600000 }))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  return `${payload}.c2lnbmF0dXJl`;
}

describe('ConversationClient: a known customer and their advisor', () => {
  it('reads the customer number of a reference', () => {
    expect(customerOf(reference('K-1234'))).toBe('K-1234');
    expect(customerOf('not a reference')).toBe('not a reference');
  });

  it('sends the reference when starting, and can start without a message', async () => {
    const server = fakeServer();
    const ref = reference('K-1234');
    const client = makeClient(server, new MemoryStore(), ref);
    client.ensureStarted({ language: 'nl' });
    client.ensureStarted({ language: 'nl' });
    await settle();
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(server.requests[0]?.body).toEqual({ language: 'nl', customer: ref });
    expect(client.snapshot().conversationId).toBe('c1');
  });

  it('does not pick up a conversation saved for another customer', async () => {
    const server = fakeServer();
    const store = new MemoryStore();
    const first = makeClient(server, store, reference('K-1'));
    first.ensureStarted();
    await settle();
    first.dispose();
    const same = makeClient(server, store, reference('K-1'));
    same.restore();
    expect(same.snapshot().conversationId).toBe('c1');
    same.dispose();
    const other = makeClient(server, store, reference('K-2'));
    other.restore();
    expect(other.snapshot().conversationId).toBeNull();
    expect(store.getItem(storageKey(ORIGIN))).toBeNull();
  });

  it('fetches the advisor, and null when the customer has none or the answer is malformed', async () => {
    const server = fakeServer();
    const client = makeClient(server, new MemoryStore(), reference('K-1'));
    expect(await client.advisor()).toBeNull(); // not started
    client.ensureStarted();
    await settle();
    expect(await client.advisor()).toBeNull();
    server.advisor = {
      advisor: { name: 'Jan de Vries' },
      state: 'off_duty',
      next_shift: '2026-11-25T07:00:00Z',
      back_at: null,
      estimated_wait_seconds: null,
      options: ['colleague', 'advisor_message', 'advisor_callback'],
      slots: [{ start: '2026-11-25T07:00:00Z', end: '2026-11-25T07:15:00Z' }],
      message: 'Jan de Vries werkt vandaag niet meer.',
    };
    const advisor = await client.advisor();
    expect(advisor).toMatchObject({ advisor: { name: 'Jan de Vries' }, state: 'off_duty' });
    expect(advisor?.options).toEqual(['colleague', 'advisor_message', 'advisor_callback']);
    expect(advisor?.slots).toHaveLength(1);
    expect(server.requests.at(-1)?.auth).toBe('Bearer secret-token');
    server.advisor = { ...(server.advisor as object), slots: [{ start: 1 }] };
    expect(await client.advisor()).toBeNull();
  });

  it("asks for the advisor and books the advisor's callback with the right frames", async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.requestHandoff({ to: 'advisor' });
    await settle();
    server.last().open();
    client.choose('advisor_message');
    client.choose('callback', { slot: 's', phone: '0612345678', withAdvisor: true });
    expect(server.last().sent).toEqual([
      { type: 'handoff', client_id: 'id1', to: 'advisor' },
      { type: 'choose', client_id: 'id2', option: 'advisor_message' },
      {
        type: 'choose',
        client_id: 'id3',
        option: 'callback',
        slot: 's',
        phone: '0612345678',
        with_advisor: true,
      },
    ]);
  });

  it('names the agent who is typing', async () => {
    const server = fakeServer();
    const client = makeClient(server);
    client.requestHandoff();
    await settle();
    server.last().open();
    server.last().receive({ type: 'typing', author: 'agent' });
    expect(client.snapshot()).toMatchObject({ typing: 'agent', typingName: null });
    server.last().receive({
      type: 'event',
      event: {
        seq: 1,
        kind: 'agent_message',
        at: '2026-11-24T09:31:00Z',
        author: 'agent',
        text: 'Goedemorgen',
        agent: { name: 'Jan de Vries' },
      },
    });
    server.last().receive({ type: 'typing', author: 'agent' });
    expect(client.snapshot()).toMatchObject({ typing: 'agent', typingName: 'Jan de Vries' });
  });
});
