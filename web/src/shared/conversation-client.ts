// ConversationClient: one customer conversation with Balie over HTTP + WebSocket (docs/api.md),
// with the reliability the widget promises: it survives page reloads (conversation id, token and
// unacknowledged frames in a KeyValueStore), reconnects with backoff, resends unacknowledged
// frames with the same client_id, and shows every event once (de-duplicated by seq).
//
// It knows nothing of the DOM: the transport (WebSocket), HTTP (fetch), storage, ids and
// randomness are passed in, so unit tests drive it with fakes. Not thread-safe in any sense that
// matters in a browser: call it from one event loop.

import { backoffDelay } from './backoff';
import { newClientId } from './ids';
import {
  validateAvailabilityResponse,
  validateMessagesResponse,
  validateSlotsResponse,
  validateStartResponse,
} from './generated/wire-validate';
import {
  isLanguage,
  parseAdvisor,
  type AdvisorStatus,
  isRetryableError,
  MAX_TEXT_LENGTH,
  parseServerFrame,
  statusOf,
  type ChoiceOption,
  type ConversationEvent,
  type CustomerMessageEvent,
  type DurableFrame,
  type ErrorFrame,
  type Language,
  type PublicAvailability,
  type ServerFrame,
  type Slot,
  type Status,
} from './protocol';
import type { KeyValueStore } from './storage';

/** What the client needs of a socket: send text, close. Events come through SocketHandlers. */
export interface SocketLike {
  send(data: string): void;
  close(): void;
}

export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: string): void;
  /** Called once when the socket is closed or failed to open. */
  onClose(code: number, reason: string): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

/** The browser's WebSocket behind SocketLike. */
export const browserSocket: SocketFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.onOpen();
  ws.onmessage = (event) => {
    if (typeof event.data === 'string') handlers.onMessage(event.data);
  };
  ws.onclose = (event) => handlers.onClose(event.code, event.reason);
  return {
    send: (data) => ws.send(data),
    close: () => ws.close(1000),
  };
};

export interface ConversationClientOptions {
  /** The Balie server's origin, e.g. `https://chat.voorbeeldbank.nl`. */
  origin: string;
  store: KeyValueStore;
  fetch?: typeof fetch;
  socket?: SocketFactory;
  newId?: () => string;
  random?: () => number;
  /** Send a `ping` when nothing was received for this long while connected (default 25 s). */
  pingIntervalMs?: number;
  /** Drop and reopen the connection when nothing arrives this long after a ping (default 10 s). */
  pongTimeoutMs?: number;
  /** Wait this long for a missing seq to arrive before fetching it over HTTP (default 1.5 s). */
  gapFillDelayMs?: number;
  /**
   * The organisation's signed customer reference (docs/api.md, "Availability and the personal
   * advisor"): sent when the conversation starts. A saved conversation of another customer (or
   * an anonymous one) is not picked up.
   */
  customer?: string;
}

/**
 * - idle: no conversation yet (or it was forgotten), nothing to do
 * - starting: creating the conversation (POST)
 * - connecting: the WebSocket is being opened
 * - open: connected; frames flow
 * - offline: not connected, a retry is scheduled at `retryAt`
 */
export type ConnectionState = 'idle' | 'starting' | 'connecting' | 'open' | 'offline';

/** A frame Balie refused for good (e.g. `bad_field`): shown to the customer, not resent. */
export interface FailedFrame {
  frame: DurableFrame;
  code: string;
  message: string;
}

/** Something the customer should be told about: a refused frame, a lost conversation, … */
export interface Notice {
  code: string;
  message: string;
  frame?: DurableFrame;
}

export interface ClientSnapshot {
  conversationId: string | null;
  /** The conversation's language (from the start response); null before it started. */
  language: Language | null;
  connection: ConnectionState;
  /** When the next reconnect attempt happens (epoch ms), while `offline`. */
  retryAt: number | null;
  /** All events, ordered by seq, each once. */
  events: readonly ConversationEvent[];
  /** Frames sent (or waiting to be sent) without a receipt yet, oldest first. */
  pending: readonly DurableFrame[];
  failed: readonly FailedFrame[];
  status: Status | null;
  /** Who is writing a reply right now, from `typing` frames. */
  typing: 'bot' | 'agent' | null;
  /** The name of the agent who is typing, when known. */
  typingName: string | null;
}

interface SavedConversation {
  id: string;
  token: string;
  language: Language;
  stream?: string;
  /** The customer's number from the reference it was started with (`ref`), if any. */
  customer?: string;
}

interface SavedState {
  v: 1;
  conversation: SavedConversation | null;
  outbox: DurableFrame[];
}

interface OutboxEntry {
  frame: DurableFrame;
  /** The socket generation it was last sent on (0: not sent on the current socket). */
  sentOn: number;
  /** Earliest time to (re)send it, after a retryable error. */
  holdUntil: number;
  retries: number;
}

type DurableFrameBody =
  | { type: 'message'; text: string; article_id?: string }
  | {
      type: 'choose';
      option: ChoiceOption;
      slot?: string;
      phone?: string;
      name?: string;
      with_advisor?: boolean;
    }
  | { type: 'handoff'; to?: 'advisor' };

/** An HTTP answer Balie gave that was not 2xx. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const STORAGE_PREFIX = 'balie:v1:conversation:';

/**
 * The customer's number in a signed reference (`PAYLOAD.SIGNATURE`, PAYLOAD the base64url of
 * `{"ref": …}`), read without checking the signature (Balie checks it): only to tell whether a
 * saved conversation is this customer's. The whole reference when it cannot be read.
 */
export function customerOf(reference: string): string {
  const payload = reference.split('.')[0] ?? '';
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))) as {
      ref?: unknown;
    };
    if (typeof json.ref === 'string' && json.ref) return json.ref;
  } catch {
    // Not a reference this client can read.
  }
  return reference;
}

/** The storage key of a server origin's conversation (one conversation per origin and browser). */
export function storageKey(origin: string): string {
  return STORAGE_PREFIX + origin;
}

export class ConversationClient {
  private readonly origin: string;
  private readonly store: KeyValueStore;
  private readonly fetchFn: typeof fetch;
  private readonly socketFactory: SocketFactory;
  private readonly newId: () => string;
  private readonly random: () => number;
  private readonly pingIntervalMs: number;
  private readonly pongTimeoutMs: number;
  private readonly gapFillDelayMs: number;
  private readonly customer: string | undefined;

  private conversation: SavedConversation | null = null;
  private outbox: OutboxEntry[] = [];
  private failed: FailedFrame[] = [];
  private readonly events = new Map<number, ConversationEvent>();
  /** Seqs whose event was made locally from a receipt; the server's copy replaces it. */
  private readonly synthesized = new Set<number>();
  /**
   * Seqs the customer never sees (staff's internal notes share the conversation's numbering):
   * found when the history over HTTP skips them. They count as known for `contiguous`.
   */
  private readonly hidden = new Set<number>();
  /** Highest n such that events 1..n are all known: what `after=` asks from. */
  private contiguous = 0;
  /** Highest seq known to exist (from events and receipts). */
  private highestKnown = 0;
  private status: Status | null = null;
  private typing: 'bot' | 'agent' | null = null;
  private typingName: string | null = null;

  private connection: ConnectionState = 'idle';
  private socket: SocketLike | null = null;
  /** Incremented per socket; handlers of an older socket are ignored. */
  private generation = 0;
  private opened = false;
  private attempts = 0;
  private retryAt: number | null = null;
  private lastFrameAt = 0;
  private starting = false;
  private disposed = false;

  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly listeners = new Set<(snapshot: ClientSnapshot) => void>();
  private readonly noticeListeners = new Set<(notice: Notice) => void>();
  private snapshotCache: ClientSnapshot | null = null;

  constructor(options: ConversationClientOptions) {
    this.origin = options.origin.replace(/\/+$/, '');
    this.store = options.store;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.socketFactory = options.socket ?? browserSocket;
    this.newId = options.newId ?? newClientId;
    this.random = options.random ?? Math.random;
    this.pingIntervalMs = options.pingIntervalMs ?? 25_000;
    this.pongTimeoutMs = options.pongTimeoutMs ?? 10_000;
    this.gapFillDelayMs = options.gapFillDelayMs ?? 1_500;
    this.customer = options.customer || undefined;
  }

  // ---- Observing ----

  /** Calls `listener` now and after every change; returns the unsubscribe function. */
  subscribe(listener: (snapshot: ClientSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` for each notice (refused frames, a lost conversation). */
  onNotice(listener: (notice: Notice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  snapshot(): ClientSnapshot {
    if (!this.snapshotCache) {
      this.snapshotCache = {
        conversationId: this.conversation?.id ?? null,
        language: this.conversation?.language ?? null,
        connection: this.connection,
        retryAt: this.connection === 'offline' ? this.retryAt : null,
        events: [...this.events.values()].sort((a, b) => a.seq - b.seq),
        pending: this.outbox.map((entry) => entry.frame),
        failed: [...this.failed],
        status: this.status,
        typing: this.typing,
        typingName: this.typing === 'agent' ? this.typingName : null,
      };
    }
    return this.snapshotCache;
  }

  // ---- Life cycle ----

  /**
   * Picks up the conversation saved in the store (after a page reload): connects and replays
   * its history from seq 0, and resends the frames that had no receipt. Does nothing if none.
   */
  restore(): void {
    const saved = this.load();
    if (!saved) return;
    const wanted = this.customer ? customerOf(this.customer) : undefined;
    if (saved.conversation && saved.conversation.customer !== wanted) {
      // Another customer's conversation (or an anonymous one) in this browser: never show it
      // to this customer. Start afresh.
      this.store.removeItem(storageKey(this.origin));
      return;
    }
    this.conversation = saved.conversation;
    this.outbox = saved.outbox.map((frame) => ({ frame, sentOn: 0, holdUntil: 0, retries: 0 }));
    this.changed();
    if (this.conversation) this.connect();
    else if (this.outbox.length > 0) void this.start();
  }

  /** Reconnects now instead of waiting for the backoff (e.g. the browser came back online). */
  reconnectNow(): void {
    if (this.disposed || !this.conversation) return;
    if (this.connection === 'offline') {
      clearTimeout(this.reconnectTimer);
      this.connect();
    }
  }

  /** Forgets the conversation (the customer starts a new one); the next send starts afresh. */
  forget(): void {
    this.closeSocket();
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.flushTimer);
    clearTimeout(this.gapTimer);
    this.conversation = null;
    this.outbox = [];
    this.failed = [];
    this.events.clear();
    this.synthesized.clear();
    this.hidden.clear();
    this.contiguous = 0;
    this.highestKnown = 0;
    this.status = null;
    this.typing = null;
    this.typingName = null;
    this.connection = 'idle';
    this.attempts = 0;
    this.store.removeItem(storageKey(this.origin));
    this.changed();
  }

  /** Closes the connection and stops every timer; the saved state stays for the next page. */
  dispose(): void {
    this.disposed = true;
    this.closeSocket();
    for (const timer of [
      this.reconnectTimer,
      this.flushTimer,
      this.gapTimer,
      this.typingTimer,
      this.pongTimer,
    ]) {
      clearTimeout(timer);
    }
    this.listeners.clear();
    this.noticeListeners.clear();
  }

  // ---- Sending ----

  /**
   * Sends a customer message (starting the conversation first if needed, in `language`).
   * `articleId`: the customer picked that option of a "did you mean" question.
   * Throws RangeError for an empty or too long text (check before calling).
   */
  sendMessage(text: string, options: { articleId?: string; language?: Language } = {}) {
    const trimmed = text.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_TEXT_LENGTH) {
      throw new RangeError(`a message has 1 to ${MAX_TEXT_LENGTH} characters`);
    }
    return this.enqueue(
      {
        type: 'message',
        text: trimmed,
        ...(options.articleId ? { article_id: options.articleId } : {}),
      },
      options.language,
    );
  }

  /** The customer asks for a person; `to: 'advisor'` for their personal advisor. */
  requestHandoff(options: { language?: Language; to?: 'advisor' } = {}): DurableFrame {
    return this.enqueue(
      { type: 'handoff', ...(options.to ? { to: options.to } : {}) },
      options.language,
    );
  }

  /**
   * Starts the conversation without a message (a known customer opening the widget, to show
   * their advisor). Does nothing when it has started or is starting.
   */
  ensureStarted(options: { language?: Language } = {}): void {
    if (!this.conversation && !this.starting && !this.disposed) void this.start(options.language);
  }

  /** How to go on while a person is needed; `slot` and `phone` are required for `callback`. */
  choose(
    option: ChoiceOption,
    details: { slot?: string; phone?: string; name?: string; withAdvisor?: boolean } = {},
  ) {
    return this.enqueue({
      type: 'choose',
      option,
      ...(details.slot !== undefined ? { slot: details.slot } : {}),
      ...(details.phone !== undefined ? { phone: details.phone } : {}),
      ...(details.name ? { name: details.name } : {}),
      ...(details.withAdvisor ? { with_advisor: true } : {}),
    });
  }

  /** Tells staff the customer is typing; only when connected (it is not worth queueing). */
  sendTyping(): void {
    if (this.connection === 'open') this.transmitRaw({ type: 'typing' });
  }

  /** Removes a refused frame from `failed` (the customer dismissed or retyped it). */
  dismissFailed(clientId: string): void {
    const before = this.failed.length;
    this.failed = this.failed.filter((f) => f.frame.client_id !== clientId);
    if (this.failed.length !== before) this.changed();
  }

  // ---- HTTP ----

  /** The callback times that can be booked now. */
  async callbackSlots(): Promise<Slot[]> {
    const body = await this.request('GET', `/callback-slots`);
    return validateSlotsResponse(body) ? body.slots : [];
  }

  /**
   * Whether the queue a hand-off goes to by default is open and whether someone is there now
   * (GET /api/v1/availability, no conversation needed): for the line under "talk to a person"
   * before the first status, and the organisation's register (the widget's Dutch labels say u or
   * je as Balie does). Null when it cannot be fetched.
   */
  async availability(language: Language): Promise<PublicAvailability | null> {
    try {
      const response = await this.fetchFn(
        `${this.origin}/api/v1/availability?language=${encodeURIComponent(language)}`,
        { method: 'GET' },
      );
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok || !validateAvailabilityResponse(body)) return null;
      const queue = body.queues.find((q) => q.default) ?? body.queues[0] ?? null;
      return { queue, register: body.register };
    } catch {
      return null; // offline: the status says it once a conversation starts
    }
  }

  /**
   * The customer's personal advisor and how they can be reached now; null when the customer
   * has none (404) or no conversation has started.
   */
  async advisor(): Promise<AdvisorStatus | null> {
    if (!this.conversation) return null;
    try {
      return parseAdvisor(await this.request('GET', '/advisor'));
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return null;
      throw error;
    }
  }

  // ---- Internals: starting and connecting ----

  private enqueue(body: DurableFrameBody, language?: Language): DurableFrame {
    const frame = { ...body, client_id: this.newId() } as DurableFrame;
    this.outbox.push({ frame, sentOn: 0, holdUntil: 0, retries: 0 });
    this.save();
    this.changed();
    if (!this.conversation) void this.start(language);
    else if (this.connection === 'open') this.flush();
    else if (this.connection === 'idle') this.connect();
    return frame;
  }

  private async start(language?: Language): Promise<void> {
    if (this.starting || this.conversation || this.disposed) return;
    this.starting = true;
    this.setConnection('starting');
    try {
      const response = await this.fetchFn(`${this.origin}/api/v1/conversations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          ...(language ? { language } : {}),
          ...(this.customer ? { customer: this.customer } : {}),
        }),
      });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) throw httpError(response.status, body);
      if (!validateStartResponse(body)) {
        throw new HttpError(
          response.status,
          'bad_response',
          `Balie's answer is not a StartResponse (${validateStartResponse.lastError})`,
        );
      }
      const started = body;
      this.starting = false;
      if (this.disposed) return;
      this.conversation = {
        id: started.id,
        token: started.token,
        language: started.language,
        stream: started.stream,
        ...(this.customer ? { customer: customerOf(this.customer) } : {}),
      };
      this.attempts = 0;
      this.save();
      this.changed();
      this.connect();
    } catch (error) {
      this.starting = false;
      if (this.disposed) return;
      if (error instanceof HttpError && !isRetryableHttp(error.status)) {
        // Balie refused to start a conversation: tell the customer; resending will not help.
        const refused = this.outbox.map((entry) => entry.frame);
        this.outbox = [];
        this.failed.push(
          ...refused.map((frame) => ({ frame, code: error.code, message: error.message })),
        );
        this.save();
        this.setConnection('idle');
        this.notify({ code: error.code, message: error.message });
        return;
      }
      this.scheduleRetry(() => void this.start(language));
    }
  }

  private streamUrl(conversation: SavedConversation): string {
    const base = conversation.stream
      ? new URL(conversation.stream, this.origin + '/')
      : new URL(
          `${this.origin}/api/v1/conversations/${encodeURIComponent(conversation.id)}/stream`,
        );
    if (base.protocol === 'https:') base.protocol = 'wss:';
    else if (base.protocol === 'http:') base.protocol = 'ws:';
    base.searchParams.set('token', conversation.token);
    base.searchParams.set('after', String(this.contiguous));
    return base.href;
  }

  private connect(): void {
    const conversation = this.conversation;
    if (this.disposed || !conversation) return;
    this.closeSocket();
    clearTimeout(this.reconnectTimer);
    const generation = ++this.generation;
    this.opened = false;
    this.setConnection('connecting');
    const current = () => generation === this.generation && !this.disposed;
    this.socket = this.socketFactory(this.streamUrl(conversation), {
      onOpen: () => {
        if (!current()) return;
        this.opened = true;
        this.lastFrameAt = Date.now();
        this.setConnection('open');
        this.startPing();
        this.flush();
      },
      onMessage: (data) => {
        if (!current()) return;
        this.lastFrameAt = Date.now();
        this.attempts = 0;
        const frame = parseServerFrame(data);
        if (frame) this.handleFrame(frame);
      },
      onClose: () => {
        if (!current()) return;
        const wasOpened = this.opened;
        this.socket = null;
        this.generation++;
        this.stopPing();
        this.scheduleRetry(() => this.connect());
        // A refused upgrade looks like any failed connection to a browser: ask over HTTP
        // whether the conversation still exists (a server that lost it answers 401 or 404).
        if (!wasOpened) void this.probe(conversation);
      },
    });
  }

  private closeSocket(): void {
    this.stopPing();
    if (this.socket) {
      this.generation++;
      const socket = this.socket;
      this.socket = null;
      try {
        socket.close();
      } catch {
        // Already closed.
      }
    }
  }

  private scheduleRetry(action: () => void): void {
    if (this.disposed) return;
    const delay = backoffDelay(this.attempts++, { random: this.random });
    this.retryAt = Date.now() + delay;
    this.setConnection('offline');
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(action, delay);
  }

  private async probe(conversation: SavedConversation): Promise<void> {
    let status: number;
    try {
      const response = await this.fetchFn(
        `${this.origin}/api/v1/conversations/${encodeURIComponent(conversation.id)}`,
        { headers: { Authorization: `Bearer ${conversation.token}` } },
      );
      status = response.status;
    } catch {
      return; // Network down: the scheduled reconnect will try again.
    }
    if ((status === 401 || status === 404) && this.conversation === conversation) {
      this.conversationLost();
    }
  }

  /** Balie no longer knows the saved conversation: start over, keeping unsent messages. */
  private conversationLost(): void {
    const messages = this.outbox.filter((entry) => entry.frame.type === 'message');
    this.forget();
    this.notify({
      code: 'conversation_lost',
      message: 'The saved conversation no longer exists on the server.',
    });
    if (messages.length > 0) {
      this.outbox = messages.map((entry) => ({ ...entry, sentOn: 0, holdUntil: 0 }));
      this.save();
      this.changed();
      void this.start();
    }
  }

  private startPing(): void {
    this.stopPing();
    let awaitingPong = false;
    this.pingTimer = setInterval(() => {
      if (this.connection !== 'open' || awaitingPong) return;
      const sentAt = Date.now();
      if (sentAt - this.lastFrameAt < this.pingIntervalMs) return;
      this.transmitRaw({ type: 'ping' });
      awaitingPong = true;
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => {
        awaitingPong = false;
        if (this.lastFrameAt < sentAt && this.connection === 'open') {
          // The connection is dead without the browser noticing (e.g. a lost network).
          this.closeSocket();
          this.scheduleRetry(() => this.connect());
        }
      }, this.pongTimeoutMs);
    }, this.pingIntervalMs / 5);
  }

  private stopPing(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }

  // ---- Internals: frames ----

  private flush(): void {
    clearTimeout(this.flushTimer);
    if (this.connection !== 'open') return;
    const now = Date.now();
    let nextHold = Infinity;
    for (const entry of this.outbox) {
      if (entry.sentOn === this.generation) continue;
      if (entry.holdUntil > now) {
        nextHold = Math.min(nextHold, entry.holdUntil);
        continue;
      }
      entry.sentOn = this.generation;
      this.transmitRaw(entry.frame);
    }
    if (nextHold !== Infinity) {
      this.flushTimer = setTimeout(() => this.flush(), nextHold - now);
    }
  }

  private transmitRaw(frame: object): void {
    try {
      this.socket?.send(JSON.stringify(frame));
    } catch {
      // The socket is closing; onClose reconnects and the outbox is resent then.
    }
  }

  private handleFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'receipt':
        this.acknowledge(frame.client_id, frame.seq);
        break;
      case 'event':
        this.addEvent(frame.event);
        break;
      case 'status':
        this.status = statusOf(frame);
        this.changed();
        break;
      case 'typing':
        this.typing = frame.author;
        this.typingName = frame.author === 'agent' ? this.lastAgentName() : null;
        clearTimeout(this.typingTimer);
        this.typingTimer = setTimeout(() => {
          this.typing = null;
          this.changed();
        }, 15_000);
        this.changed();
        break;
      case 'error':
        this.handleError(frame);
        break;
      case 'pong':
        break;
    }
  }

  /** The name of the agent who took or wrote last in this conversation, if any. */
  private lastAgentName(): string | null {
    let seq = 0;
    let name: string | null = null;
    for (const event of this.events.values()) {
      const agent = (event as { agent?: { name?: unknown } }).agent;
      const byAgent = event.kind === 'agent_message' || event.kind === 'agent_joined';
      if (byAgent && event.seq > seq && typeof agent?.name === 'string') {
        seq = event.seq;
        name = agent.name;
      }
    }
    return name;
  }

  private acknowledge(clientId: string, seq: number): void {
    const index = this.outbox.findIndex((entry) => entry.frame.client_id === clientId);
    if (index < 0) return; // Already acknowledged (a duplicate receipt, or the echo came first).
    const [entry] = this.outbox.splice(index, 1);
    if (Number.isInteger(seq) && seq > this.highestKnown) this.highestKnown = seq;
    if (entry && entry.frame.type === 'message' && Number.isInteger(seq) && seq > 0) {
      if (!this.events.has(seq)) {
        // Show the message in its place now; the server's own event (with its time) replaces
        // this copy when it comes through the stream or a replay.
        const local: CustomerMessageEvent = {
          seq,
          kind: 'customer_message',
          at: new Date().toISOString(),
          author: 'customer',
          client_id: entry.frame.client_id,
          text: entry.frame.text,
          ...(entry.frame.article_id ? { article_id: entry.frame.article_id } : {}),
        };
        this.events.set(seq, local);
        this.synthesized.add(seq);
        this.advanceContiguous();
      }
    }
    // A handoff or choose frame's event (or a message's, when its seq was not yet filled)
    // should follow on the stream; if it does not, it is fetched over HTTP.
    this.advanceContiguous();
    this.save();
    this.changed();
  }

  private addEvent(event: ConversationEvent): void {
    if (this.events.has(event.seq) && !this.synthesized.has(event.seq)) return; // seen already
    this.events.set(event.seq, event);
    this.synthesized.delete(event.seq);
    // A customer event carrying one of our pending client_ids acknowledges that frame too
    // (its receipt may have been lost with the old connection).
    const clientId = (event as { client_id?: unknown }).client_id;
    if (typeof clientId === 'string') {
      const index = this.outbox.findIndex((entry) => entry.frame.client_id === clientId);
      if (index >= 0) {
        this.outbox.splice(index, 1);
        this.save();
      }
    }
    if (event.author === 'bot' || event.author === 'agent') this.typing = null;
    this.advanceContiguous();
    this.changed();
  }

  private advanceContiguous(): void {
    while (this.events.has(this.contiguous + 1) || this.hidden.has(this.contiguous + 1)) {
      this.contiguous++;
    }
    for (const seq of this.events.keys()) if (seq > this.highestKnown) this.highestKnown = seq;
    clearTimeout(this.gapTimer);
    if (this.highestKnown > this.contiguous) {
      // An event is missing: give the stream a moment, then fetch it over HTTP.
      this.gapTimer = setTimeout(() => void this.fillGap(), this.gapFillDelayMs);
    }
  }

  private async fillGap(): Promise<void> {
    for (let round = 0; round < 20; round++) {
      let body: unknown;
      try {
        body = await this.request('GET', `/messages?after=${this.contiguous}&limit=500`);
      } catch {
        return; // The next reconnect replays from `contiguous` anyway.
      }
      if (!validateMessagesResponse(body)) return;
      const page = body;
      // The history holds every event the customer may see, in order: a seq it skips below
      // the highest it returned is one the customer never sees (an internal note).
      const returned = new Set(page.events.map((event) => event.seq));
      const top = Math.max(0, ...returned);
      for (let seq = this.contiguous + 1; seq < top; seq++) {
        if (!returned.has(seq) && !this.events.has(seq)) this.hidden.add(seq);
      }
      for (const event of page.events) this.addEvent(event);
      this.advanceContiguous();
      this.changed();
      if (page.more !== true || page.events.length === 0) return;
    }
  }

  private handleError(frame: ErrorFrame): void {
    const index =
      frame.client_id === undefined
        ? -1
        : this.outbox.findIndex((entry) => entry.frame.client_id === frame.client_id);
    const entry = index >= 0 ? this.outbox[index] : undefined;
    if (entry && isRetryableError(frame.code)) {
      // Keep it; send it again later with the same client_id.
      entry.sentOn = 0;
      entry.holdUntil = Date.now() + backoffDelay(entry.retries++, { baseMs: 1000 });
      clearTimeout(this.flushTimer);
      this.flushTimer = setTimeout(() => this.flush(), entry.holdUntil - Date.now());
      return;
    }
    if (entry) {
      this.outbox.splice(index, 1);
      this.failed.push({ frame: entry.frame, code: frame.code, message: frame.message });
      this.save();
      this.changed();
      this.notify({ code: frame.code, message: frame.message, frame: entry.frame });
      return;
    }
    if (!isRetryableError(frame.code)) {
      this.notify({ code: frame.code, message: frame.message });
    }
  }

  private async request(method: string, path: string): Promise<unknown> {
    const conversation = this.conversation;
    if (!conversation) throw new HttpError(0, 'no_conversation', 'no conversation started yet');
    const response = await this.fetchFn(
      `${this.origin}/api/v1/conversations/${encodeURIComponent(conversation.id)}${path}`,
      { method, headers: { Authorization: `Bearer ${conversation.token}` } },
    );
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) throw httpError(response.status, body);
    return body;
  }

  // ---- Internals: state ----

  private setConnection(state: ConnectionState): void {
    if (state !== 'offline') this.retryAt = null;
    if (this.connection === state) return;
    this.connection = state;
    this.changed();
  }

  private changed(): void {
    this.snapshotCache = null;
    if (this.listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }

  private notify(notice: Notice): void {
    for (const listener of this.noticeListeners) listener(notice);
  }

  private save(): void {
    const state: SavedState = {
      v: 1,
      conversation: this.conversation,
      outbox: this.outbox.map((entry) => entry.frame),
    };
    if (!state.conversation && state.outbox.length === 0) {
      this.store.removeItem(storageKey(this.origin));
      return;
    }
    this.store.setItem(storageKey(this.origin), JSON.stringify(state));
  }

  private load(): SavedState | null {
    const raw = this.store.getItem(storageKey(this.origin));
    if (!raw) return null;
    try {
      const value = JSON.parse(raw) as Partial<SavedState>;
      if (value.v !== 1 || !Array.isArray(value.outbox)) return null;
      const c = value.conversation;
      const conversation =
        c && typeof c.id === 'string' && typeof c.token === 'string' && isLanguage(c.language)
          ? c
          : null;
      const outbox = value.outbox.filter(
        (f): f is DurableFrame =>
          typeof f === 'object' &&
          f !== null &&
          typeof f.client_id === 'string' &&
          (f.type === 'message' || f.type === 'choose' || f.type === 'handoff'),
      );
      return { v: 1, conversation, outbox };
    } catch {
      return null; // Unreadable (another version, or tampered with): start afresh.
    }
  }
}

function isRetryableHttp(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

function httpError(status: number, body: unknown): HttpError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return new HttpError(
    status,
    typeof error?.code === 'string' ? error.code : `http_${status}`,
    typeof error?.message === 'string' ? error.message : `HTTP ${status}`,
  );
}
