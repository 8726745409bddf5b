import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SocketHandlers, SocketLike } from './conversation-client';
import { parseRetryAfter, StaffApi, StaffHttpError, StaffStream } from './staff-client';
import { hasRole, parseStaffFrame } from './staff-protocol';

const STAFF = {
  id: 'u1',
  name: 'jdevries',
  display_name: 'Jan de Vries',
  role: 'agent',
  queues: ['algemeen'],
  languages: ['nl'],
  capacity: 3,
  schedule: {},
  disabled: false,
};

const PRESENCE = {
  state: 'away',
  chats: 0,
  capacity: 3,
  back_at: null,
  since: '2026-11-24T09:00:00Z',
};

/** An inbox line as Balie sends it (docs/openapi.yaml, InboxItem). */
function item(conversationId: string) {
  return {
    conversation_id: conversationId,
    state: 'waiting',
    queue: { id: 'algemeen', name: 'Klantenservice' },
    language: 'nl',
    priority: 0,
    waiting_since: '2026-11-24T09:00:00Z',
    wait_seconds: 60,
    agent: null,
    reason: 'the customer asked for a person',
    reason_code: 'customer_request',
    last_message: 'Mijn pas is kwijt',
    callback: null,
    customer_ref: null,
    created_at: '2026-11-24T08:59:00Z',
  };
}

interface Call {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

function fakeFetch(answer: (call: Call) => Response): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (input, init) => {
      const call: Call = {
        method: init?.method ?? 'GET',
        url: String(input),
        headers: new Headers(init?.headers),
        body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
        credentials: init?.credentials,
      };
      calls.push(call);
      return answer(call);
    },
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

describe('StaffApi', () => {
  it('keeps the CSRF token of the log-in and sends it on every POST, not on GET', async () => {
    const server = fakeFetch((call) => {
      if (call.url.endsWith('/login')) return json(200, { staff: STAFF, csrf: 'tok-1' });
      if (call.url.includes('/reply')) return json(201, { event: { seq: 4 } }); // not checked
      return json(200, { suggestions: [] });
    });
    const api = new StaffApi({ fetch: server.fetch, newId: () => 'id-1' });
    const answer = await api.login('jdevries', 'secret');
    expect(answer.staff.display_name).toBe('Jan de Vries');
    expect(server.calls[0]?.headers.get('X-CSRF-Token')).toBeNull();
    expect(server.calls[0]?.body).toEqual({ name: 'jdevries', password: 'secret' });

    await api.reply('c 1', 'Hallo');
    const reply = server.calls[1];
    expect(reply?.url).toBe('/api/v1/staff/conversations/c%201/reply');
    expect(reply?.headers.get('X-CSRF-Token')).toBe('tok-1');
    expect(reply?.body).toEqual({ client_id: 'id-1', text: 'Hallo' });
    expect(reply?.credentials).toBe('same-origin');

    await api.suggestions('pas kwijt', 'nl');
    expect(server.calls[2]?.url).toBe('/api/v1/staff/suggestions?q=pas+kwijt&language=nl');
    expect(server.calls[2]?.headers.get('X-CSRF-Token')).toBeNull();
  });

  it('takes the CSRF token from GET /me too', async () => {
    const server = fakeFetch((call) =>
      call.url.endsWith('/me')
        ? json(200, {
            staff: STAFF,
            csrf: 'tok-me',
            presence: PRESENCE,
            decisions: [],
            flag_kinds: [],
          })
        : json(200, { conversation: item('c1') }),
    );
    const api = new StaffApi({ fetch: server.fetch });
    await api.me();
    await api.resolve('c1', 'cid');
    expect(server.calls[1]?.headers.get('X-CSRF-Token')).toBe('tok-me');
    expect(server.calls[1]?.body).toEqual({ client_id: 'cid' });
  });

  it('reports a 401 to the listeners, except for the log-in itself', async () => {
    const server = fakeFetch(() =>
      json(401, { error: { code: 'unauthorized', message: 'log in first' } }),
    );
    const api = new StaffApi({ fetch: server.fetch });
    const ended = vi.fn();
    api.onUnauthorized(ended);
    await expect(api.login('x', 'y')).rejects.toMatchObject({ status: 401 });
    expect(ended).not.toHaveBeenCalled();
    await expect(api.conversation('c1')).rejects.toBeInstanceOf(StaffHttpError);
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('gives the Retry-After of a 429', async () => {
    const server = fakeFetch(() =>
      json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '42' }),
    );
    const api = new StaffApi({ fetch: server.fetch });
    await expect(api.login('x', 'y')).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
      retryAfter: 42,
    });
  });

  it('turns a network failure into status 0', async () => {
    const api = new StaffApi({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(api.me()).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('leaves out an empty note of a callback outcome', async () => {
    const server = fakeFetch(() => json(200, { conversation: item('c1') }));
    const api = new StaffApi({ fetch: server.fetch, newId: () => 'n' });
    await api.callbackOutcome('c1', 'no_answer', '');
    expect(server.calls[0]?.body).toEqual({ client_id: 'n', outcome: 'no_answer' });
  });

  it('refuses an answer that is not what docs/openapi.yaml says, naming where it differs', async () => {
    const server = fakeFetch(() =>
      json(200, { conversation: { ...item('c1'), priority: 'high' } }),
    );
    const api = new StaffApi({ fetch: server.fetch });
    await expect(api.resolve('c1')).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringContaining('/conversation/priority'),
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(parseRetryAfter('Tue, 24 Nov 2026 10:00:30 GMT', now)).toBe(30);
  });
});

class FakeSocket implements SocketLike {
  readonly sent: Record<string, unknown>[] = [];
  closed = false;
  constructor(
    readonly url: string,
    private readonly handlers: SocketHandlers,
  ) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.handlers.onOpen();
  }
  receive(frame: object): void {
    this.handlers.onMessage(JSON.stringify(frame));
  }
  drop(): void {
    this.closed = true;
    this.handlers.onClose(1006, '');
  }
}

describe('StaffStream', () => {
  let sockets: FakeSocket[];
  let stream: StaffStream;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    stream = new StaffStream({
      pageOrigin: 'https://balie.example.nl',
      random: () => 0.5,
      socket: (url, handlers) => {
        const socket = new FakeSocket(url, handlers);
        sockets.push(socket);
        return socket;
      },
    });
  });

  afterEach(() => {
    stream.stop();
    vi.useRealTimers();
  });

  const last = () => {
    const socket = sockets[sockets.length - 1];
    if (!socket) throw new Error('no socket');
    return socket;
  };

  it('connects to the staff stream over wss and sends a heartbeat every 20 s', () => {
    stream.start();
    expect(last().url).toBe('wss://balie.example.nl/api/v1/staff/stream');
    last().open();
    vi.advanceTimersByTime(19_999);
    expect(last().sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(last().sent).toEqual([{ type: 'heartbeat' }]);
    vi.advanceTimersByTime(20_000);
    expect(last().sent).toHaveLength(2);
  });

  it('passes frames on, and watches again after a reconnect with backoff', () => {
    const frames: unknown[] = [];
    stream.onFrame((frame) => frames.push(frame));
    stream.start();
    last().open();
    stream.watch('c1');
    stream.watch('c2');
    stream.unwatch('c2');
    expect(last().sent).toEqual([
      { type: 'watch', conversation_id: 'c1' },
      { type: 'watch', conversation_id: 'c2' },
      { type: 'unwatch', conversation_id: 'c2' },
    ]);
    const inbox = { type: 'inbox', waiting: [item('c3')], mine: [], callbacks_due: [], others: [] };
    last().receive(inbox);
    last().receive({ type: 'inbox', waiting: [{ conversation_id: 'c3' }], mine: [] }); // dropped
    expect(frames).toEqual([inbox]);
    const seen = {
      type: 'event',
      conversation_id: 'c1',
      event: { seq: 7, kind: 'note', at: '2026-12-05T10:00:00Z', author: 'agent' },
    };
    last().receive(seen);
    expect(frames).toEqual([inbox, seen]);

    const states: string[] = [];
    stream.onState((state) => states.push(state));
    last().drop();
    expect(stream.connection).toBe('offline');
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(500); // first retry: 250 + 0.5 * 250 ms
    expect(sockets).toHaveLength(2);
    last().open();
    // On from the last event seen, so that nothing of the time offline is missed.
    expect(last().sent).toEqual([{ type: 'watch', conversation_id: 'c1', after: 7 }]);
    expect(states).toEqual(['open', 'offline', 'connecting', 'open']);
  });

  it('says when a connection closed without opening (the session may be gone)', () => {
    const failed = vi.fn();
    stream.onFailedOpen(failed);
    stream.start();
    last().drop();
    expect(failed).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    last().open();
    last().drop();
    expect(failed).toHaveBeenCalledTimes(1);
  });

  it('sends presence and typing only while open', () => {
    stream.start();
    expect(stream.setPresence('away')).toBe(false);
    last().open();
    expect(stream.setPresence('away', '2026-11-24T13:00:00.000Z')).toBe(true);
    stream.typing('c1');
    expect(last().sent).toEqual([
      { type: 'presence', state: 'away', back_at: '2026-11-24T13:00:00.000Z' },
      { type: 'typing', conversation_id: 'c1' },
    ]);
  });
});

describe('parseStaffFrame', () => {
  it('accepts the frames of docs/staff-api.md and ignores the rest', () => {
    expect(parseStaffFrame('not json')).toBeNull();
    expect(parseStaffFrame('{"type":"mystery"}')).toBeNull();
    expect(parseStaffFrame('{"type":"typing","conversation_id":"c1"}')).toEqual({
      type: 'typing',
      conversation_id: 'c1',
    });
    const note = { seq: 3, kind: 'note', at: '2026-11-24T09:00:00Z', author: 'agent', text: 'x' };
    expect(
      parseStaffFrame(JSON.stringify({ type: 'event', conversation_id: 'c1', event: note })),
    ).toMatchObject({ type: 'event', event: { seq: 3, kind: 'note' } });
    expect(parseStaffFrame('{"type":"event","conversation_id":"c1","event":{}}')).toBeNull();
    expect(
      parseStaffFrame(
        JSON.stringify({ type: 'event', conversation_id: 'c1', event: { ...note, seq: '3' } }),
      ),
    ).toBeNull();
    expect(parseStaffFrame('{"type":"assigned"}')).toBeNull();
    expect(parseStaffFrame('{"type":"assigned","conversation_id":"c1"}')).toEqual({
      type: 'assigned',
      conversation_id: 'c1',
    });
    expect(parseStaffFrame(JSON.stringify({ type: 'presence', presence: PRESENCE }))).toEqual({
      type: 'presence',
      presence: PRESENCE,
    });
    expect(parseStaffFrame(JSON.stringify({ type: 'presence', ...PRESENCE }))).toBeNull();
    expect(parseStaffFrame('{"type":"error"}')).toBeNull();
    expect(parseStaffFrame('{"type":"error","code":"forbidden","message":"no"}')).toEqual({
      type: 'error',
      code: 'forbidden',
      message: 'no',
    });
  });
});

describe('hasRole', () => {
  it('orders agent < supervisor < admin', () => {
    expect(hasRole('admin', 'supervisor')).toBe(true);
    expect(hasRole('supervisor', 'supervisor')).toBe(true);
    expect(hasRole('agent', 'supervisor')).toBe(false);
    expect(hasRole(undefined, 'agent')).toBe(false);
  });
});
