// The staff side of Balie for the console (docs/staff-api.md): StaffApi, the HTTP endpoints with
// the session cookie and the CSRF token, and StaffStream, the console's WebSocket with reconnect
// (backoff), heartbeats and the conversations it watches.
//
// Neither knows the DOM; fetch and the socket are passed in, so unit tests drive them with fakes.
// Call them from one event loop.

import { backoffDelay } from './backoff';
import { browserSocket, type SocketFactory, type SocketLike } from './conversation-client';
import { newClientId } from './ids';
import {
  validateApprovalsResponse,
  validateAvailabilityResponse,
  validateConversationDetail,
  validateDecisionReport,
  validateEventResponse,
  validateConversationResponse,
  validateCustomerFlagResponse,
  validateCustomerFlagsResponse,
  validateFlagsResponse,
  validateLoginResponse,
  validateMeResponse,
  validateOverview,
  validateQueueResponse,
  validateQueuesResponse,
  validateSlotsResponse,
  validateSuggestionsResponse,
  validateUserResponse,
  validateUsersResponse,
} from './generated/wire-validate';
import type { Validator } from './wire-check';
import type { Language, Slot } from './protocol';
import {
  parseStaffFrame,
  type AdminQueue,
  type CallbackOutcome,
  type ConversationDetail,
  type CustomerFlag,
  type DecisionItem,
  type DecisionReport,
  type DecisionRequest,
  type FlagKind,
  type FlagRaiseRequest,
  type InboxItem,
  type KnowledgeFlag,
  type LoginResponse,
  type MeResponse,
  type NewUser,
  type Overview,
  type QueueAvailability,
  type StaffEvent,
  type QueueChanges,
  type Staff,
  type StaffClientFrame,
  type StaffServerFrame,
  type Suggestion,
  type UserChanges,
} from './staff-protocol';

/** A non-2xx answer of Balie (status 0: no answer at all, e.g. the network is down). */
export class StaffHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from `Retry-After` (429, 503), when given. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'StaffHttpError';
  }
}

export interface StaffApiOptions {
  /** The Balie server's origin; '' means the page's own (the console is served by Balie). */
  origin?: string;
  fetch?: typeof fetch;
  newId?: () => string;
}

const API = '/api/v1/staff';

/**
 * The staff HTTP API. Keeps the CSRF token of the session (from `login` or `me`) and sends it
 * as `X-CSRF-Token` on every POST. Any 401 outside the log-in calls the `onUnauthorized`
 * listeners (the session ended: the console goes back to its log-in page).
 */
export class StaffApi {
  private readonly origin: string;
  private readonly fetchFn: typeof fetch;
  private readonly newId: () => string;
  private csrf: string | null = null;
  private readonly unauthorizedListeners = new Set<() => void>();

  constructor(options: StaffApiOptions = {}) {
    this.origin = (options.origin ?? '').replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.newId = options.newId ?? newClientId;
  }

  /** Calls `listener` when Balie answers 401 (not for the log-in itself). */
  onUnauthorized(listener: () => void): () => void {
    this.unauthorizedListeners.add(listener);
    return () => this.unauthorizedListeners.delete(listener);
  }

  get hasSession(): boolean {
    return this.csrf !== null;
  }

  /** A fresh client_id for an action (keep it to retry the same action). */
  clientId(): string {
    return this.newId();
  }

  // ---- Session ----

  async login(name: string, password: string): Promise<LoginResponse> {
    const body = checked(
      await this.call('POST', '/login', { name, password }, false),
      validateLoginResponse,
      'LoginResponse',
    );
    this.csrf = body.csrf;
    return body;
  }

  /** The session's staff member, CSRF token and presence; 401 (and the listeners) if none. */
  async me(): Promise<MeResponse> {
    const body = checked(await this.call('GET', '/me'), validateMeResponse, 'MeResponse');
    this.csrf = body.csrf;
    return body;
  }

  async logout(): Promise<void> {
    try {
      await this.call('POST', '/logout', {}, false);
    } finally {
      this.csrf = null;
    }
  }

  /** Forgets the CSRF token (after a 401 the session is gone). */
  forget(): void {
    this.csrf = null;
  }

  // ---- Conversations ----

  conversation(id: string): Promise<ConversationDetail> {
    return this.call('GET', `/conversations/${enc(id)}`).then((body) =>
      checked(body, validateConversationDetail, 'ConversationDetail'),
    );
  }

  async suggestions(q: string, language: Language): Promise<Suggestion[]> {
    const params = new URLSearchParams({ q, language });
    const body = await this.call('GET', `/suggestions?${params}`);
    return checked(body, validateSuggestionsResponse, 'SuggestionsResponse').suggestions;
  }

  async reply(id: string, text: string, clientId = this.newId()): Promise<unknown> {
    return this.call('POST', `/conversations/${enc(id)}/reply`, { client_id: clientId, text });
  }

  async note(id: string, text: string, clientId = this.newId()): Promise<unknown> {
    return this.call('POST', `/conversations/${enc(id)}/notes`, { client_id: clientId, text });
  }

  async transfer(
    id: string,
    target: { queue?: string; agent?: string; note?: string },
    clientId = this.newId(),
  ): Promise<InboxItem> {
    return this.conversationAction(id, 'transfer', { client_id: clientId, ...target });
  }

  async resolve(id: string, clientId = this.newId()): Promise<InboxItem> {
    return this.conversationAction(id, 'resolve', { client_id: clientId });
  }

  async bookCallback(
    id: string,
    slot: string,
    phone: string,
    clientId = this.newId(),
  ): Promise<InboxItem> {
    return this.conversationAction(id, 'callback', { client_id: clientId, slot, phone });
  }

  async callbackSlots(id: string): Promise<Slot[]> {
    const body = await this.call('GET', `/conversations/${enc(id)}/callback-slots`);
    return checked(body, validateSlotsResponse, 'SlotsResponse').slots;
  }

  async callbackOutcome(
    id: string,
    outcome: CallbackOutcome,
    note: string,
    clientId = this.newId(),
  ): Promise<InboxItem> {
    return this.conversationAction(id, 'callback-outcome', {
      client_id: clientId,
      outcome,
      ...(note ? { note } : {}),
    });
  }

  async assign(id: string, agent: string, clientId = this.newId()): Promise<InboxItem> {
    return this.conversationAction(id, 'assign', { client_id: clientId, agent });
  }

  // ---- Decisions for customers, and approvals (four-eyes) ----

  async recordDecision(
    id: string,
    decision: Omit<DecisionRequest, 'client_id'>,
    clientId = this.newId(),
  ): Promise<StaffEvent> {
    const body = await this.call('POST', `/conversations/${enc(id)}/decisions`, {
      client_id: clientId,
      ...decision,
    });
    return checked(body, validateEventResponse, 'EventResponse').event;
  }

  async answerApproval(
    id: string,
    request: number,
    verdict: 'approved' | 'refused' | 'ask',
    reason: string,
    clientId = this.newId(),
  ): Promise<StaffEvent> {
    const body = await this.call('POST', `/conversations/${enc(id)}/decisions/${request}/answer`, {
      client_id: clientId,
      verdict,
      reason,
    });
    return checked(body, validateEventResponse, 'EventResponse').event;
  }

  async approvals(): Promise<DecisionItem[]> {
    const body = await this.call('GET', '/approvals');
    return checked(body, validateApprovalsResponse, 'ApprovalsResponse').approvals;
  }

  async decisionReport(days = 30): Promise<DecisionReport> {
    const body = await this.call('GET', `/decisions?days=${days}`);
    return checked(body, validateDecisionReport, 'DecisionReport');
  }

  // ---- Flags about customers: signals with their facts ----

  async customerFlags(id: string): Promise<CustomerFlag[]> {
    const body = await this.call('GET', `/conversations/${enc(id)}/flags`);
    return checked(body, validateCustomerFlagsResponse, 'CustomerFlagsResponse').flags;
  }

  async raiseFlag(id: string, flag: FlagRaiseRequest): Promise<CustomerFlag> {
    const body = await this.call('POST', `/conversations/${enc(id)}/flags`, flag);
    return checked(body, validateCustomerFlagResponse, 'CustomerFlagResponse').flag;
  }

  async changeFlag(
    flagId: number,
    status: 'confirmed' | 'dismissed',
    reason: string,
  ): Promise<CustomerFlag> {
    const body = await this.call('POST', `/customer-flags/${flagId}/status`, { status, reason });
    return checked(body, validateCustomerFlagResponse, 'CustomerFlagResponse').flag;
  }

  /** Records the customer's contest of a flag, in their words. */
  async contestFlag(flagId: number, clientId: string, text: string): Promise<CustomerFlag> {
    const body = await this.call('POST', `/customer-flags/${flagId}/contests`, {
      client_id: clientId,
      text,
    });
    return checked(body, validateCustomerFlagResponse, 'CustomerFlagResponse').flag;
  }

  /** Upholds (the flag is withdrawn) or rejects the flag's open contest, with the reason. */
  async reviewContest(
    flagId: number,
    clientId: string,
    outcome: 'upheld' | 'rejected',
    reason: string,
  ): Promise<CustomerFlag> {
    const body = await this.call('POST', `/customer-flags/${flagId}/contest-review`, {
      client_id: clientId,
      outcome,
      reason,
    });
    return checked(body, validateCustomerFlagResponse, 'CustomerFlagResponse').flag;
  }

  /** The flags whose contest waits for my review (I was not involved in them). */
  async contests(): Promise<CustomerFlag[]> {
    const body = await this.call('GET', '/contests');
    return checked(body, validateCustomerFlagsResponse, 'CustomerFlagsResponse').flags;
  }

  // ---- Knowledge flags ----

  async flag(flag: {
    kind: FlagKind;
    note: string;
    article_id?: string;
    conversation_id?: string;
  }): Promise<unknown> {
    return this.call('POST', '/knowledge-flags', flag);
  }

  async flags(): Promise<KnowledgeFlag[]> {
    const body = await this.call('GET', '/knowledge-flags');
    return checked(body, validateFlagsResponse, 'FlagsResponse').flags;
  }

  // ---- Supervisor ----

  async overview(): Promise<Overview> {
    return checked(await this.call('GET', '/overview'), validateOverview, 'Overview');
  }

  // ---- Administration ----

  async users(): Promise<Staff[]> {
    return checked(await this.call('GET', '/users'), validateUsersResponse, 'UsersResponse').users;
  }

  async addUser(user: NewUser): Promise<Staff> {
    const body = await this.call('POST', '/users', user);
    return checked(body, validateUserResponse, 'UserResponse').user;
  }

  async updateUser(id: string, changes: UserChanges): Promise<Staff> {
    const body = await this.call('POST', `/users/${enc(id)}`, changes);
    return checked(body, validateUserResponse, 'UserResponse').user;
  }

  async queues(): Promise<AdminQueue[]> {
    const body = await this.call('GET', '/queues');
    return checked(body, validateQueuesResponse, 'QueuesResponse').queues;
  }

  async updateQueue(id: string, changes: QueueChanges): Promise<AdminQueue> {
    const body = await this.call('POST', `/queues/${enc(id)}`, changes);
    return checked(body, validateQueueResponse, 'QueueResponse').queue;
  }

  /** The queues with their names in `language` (public; for the transfer choices). */
  async availability(language: Language): Promise<QueueAvailability[]> {
    const response = await this.send('GET', `/api/v1/availability?language=${language}`);
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) throw errorOf(response, body);
    return checked(body, validateAvailabilityResponse, 'AvailabilityResponse').queues;
  }

  // ---- Internals ----

  private async conversationAction(id: string, action: string, body: object): Promise<InboxItem> {
    const answer = await this.call('POST', `/conversations/${enc(id)}/${action}`, body);
    return checked(answer, validateConversationResponse, 'ConversationResponse').conversation;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    try {
      return await this.fetchFn(this.origin + path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new StaffHttpError(
        0,
        'network',
        error instanceof Error ? error.message : 'no connection to Balie',
      );
    }
  }

  private async call(
    method: string,
    path: string,
    body?: unknown,
    reportUnauthorized = true,
  ): Promise<unknown> {
    const response = await this.send(method, API + path, body);
    if (response.status === 204) return null;
    const answer: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = errorOf(response, answer);
      if (response.status === 401 && reportUnauthorized) {
        this.csrf = null;
        for (const listener of this.unauthorizedListeners) listener();
      }
      throw error;
    }
    return answer;
  }
}

/** `body` as a T, checked against docs/openapi.yaml; a `bad_response` error when it is not one. */
function checked<T>(body: unknown, validate: Validator<T>, what: string): T {
  if (validate(body)) return body;
  throw new StaffHttpError(
    200,
    'bad_response',
    `Balie's answer is not a ${what} (${validate.lastError}): update the console`,
  );
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

function errorOf(response: Response, body: unknown): StaffHttpError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return new StaffHttpError(
    response.status,
    typeof error?.code === 'string' ? error.code : `http_${response.status}`,
    typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
    parseRetryAfter(response.headers.get('Retry-After')),
  );
}

/** Seconds from a Retry-After header: delta-seconds or an HTTP date; null if absent or odd. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

// ---- The stream ----

export type StreamState = 'idle' | 'connecting' | 'open' | 'offline';

export interface StaffStreamOptions {
  origin?: string;
  socket?: SocketFactory;
  random?: () => number;
  /** A heartbeat frame this often while open (default 20 s, as docs/staff-api.md asks). */
  heartbeatMs?: number;
  /** Location of the page, for the ws(s) URL when `origin` is empty. */
  pageOrigin?: string;
}

/**
 * The console's WebSocket (`/api/v1/staff/stream`, the session cookie). Reconnects with
 * exponential backoff (0.5 s to 30 s, jittered); sends a heartbeat every 20 s; remembers the
 * watched conversations and watches them again after a reconnect. Listeners get every frame,
 * and the connection state; `onFailedOpen` is called when a connection closed without ever
 * opening (the session may have ended: the console checks with GET /me).
 */
export class StaffStream {
  private readonly origin: string;
  private readonly socketFactory: SocketFactory;
  private readonly random: () => number;
  private readonly heartbeatMs: number;
  private socket: SocketLike | null = null;
  private generation = 0;
  private attempts = 0;
  private state: StreamState = 'idle';
  private retryAt: number | null = null;
  /** The watched conversations, each with the last event seen of it (to watch on from there). */
  private readonly watched = new Map<string, number | undefined>();
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private readonly frameListeners = new Set<(frame: StaffServerFrame) => void>();
  private readonly stateListeners = new Set<(state: StreamState, retryAt: number | null) => void>();
  private readonly failedOpenListeners = new Set<() => void>();

  constructor(options: StaffStreamOptions = {}) {
    const pageOrigin =
      options.pageOrigin ?? (typeof location !== 'undefined' ? location.origin : '');
    this.origin = (options.origin || pageOrigin).replace(/\/+$/, '');
    this.socketFactory = options.socket ?? browserSocket;
    this.random = options.random ?? Math.random;
    this.heartbeatMs = options.heartbeatMs ?? 20_000;
  }

  onFrame(listener: (frame: StaffServerFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onState(listener: (state: StreamState, retryAt: number | null) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state, this.retryAt);
    return () => this.stateListeners.delete(listener);
  }

  onFailedOpen(listener: () => void): () => void {
    this.failedOpenListeners.add(listener);
    return () => this.failedOpenListeners.delete(listener);
  }

  get connection(): StreamState {
    return this.state;
  }

  get url(): string {
    const url = new URL(`${this.origin}${API}/stream`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.href;
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.attempts = 0;
    this.connect();
  }

  /** Closes the stream for good (log-out); forgets the watched conversations. */
  stop(): void {
    clearTimeout(this.reconnectTimer);
    this.closeSocket();
    this.watched.clear();
    this.setState('idle');
  }

  /** Reconnects now instead of waiting for the backoff. */
  reconnectNow(): void {
    if (this.state === 'offline') {
      clearTimeout(this.reconnectTimer);
      this.connect();
    }
  }

  watch(conversationId: string): void {
    if (this.watched.has(conversationId)) return;
    this.watched.set(conversationId, undefined);
    this.send({ type: 'watch', conversation_id: conversationId });
  }

  unwatch(conversationId: string): void {
    if (!this.watched.delete(conversationId)) return;
    this.send({ type: 'unwatch', conversation_id: conversationId });
  }

  /** Tells the customer the agent is typing (throttle before calling). */
  typing(conversationId: string): void {
    this.send({ type: 'typing', conversation_id: conversationId });
  }

  /** Sets the agent's own presence; false when not connected (nothing was sent). */
  setPresence(state: 'available' | 'away', backAt?: string): boolean {
    if (this.state !== 'open') return false;
    this.send({ type: 'presence', state, ...(backAt ? { back_at: backAt } : {}) });
    return true;
  }

  private connect(): void {
    this.closeSocket();
    const generation = ++this.generation;
    let opened = false;
    this.setState('connecting');
    const current = () => generation === this.generation;
    this.socket = this.socketFactory(this.url, {
      onOpen: () => {
        if (!current()) return;
        opened = true;
        this.attempts = 0;
        this.setState('open');
        // On from the last event seen: what happened while the connection was down comes first.
        for (const [id, after] of this.watched) {
          this.send({
            type: 'watch',
            conversation_id: id,
            ...(after !== undefined ? { after } : {}),
          });
        }
        clearInterval(this.heartbeatTimer);
        this.heartbeatTimer = setInterval(() => this.send({ type: 'heartbeat' }), this.heartbeatMs);
      },
      onMessage: (data) => {
        if (!current()) return;
        const frame = parseStaffFrame(data);
        if (!frame) return;
        if (frame.type === 'event' && this.watched.has(frame.conversation_id)) {
          this.watched.set(frame.conversation_id, frame.event.seq);
        }
        for (const listener of this.frameListeners) listener(frame);
      },
      onClose: () => {
        if (!current()) return;
        this.socket = null;
        this.generation++;
        clearInterval(this.heartbeatTimer);
        const delay = backoffDelay(this.attempts++, { random: this.random });
        this.retryAt = Date.now() + delay;
        this.setState('offline');
        clearTimeout(this.reconnectTimer);
        this.reconnectTimer = setTimeout(() => this.connect(), delay);
        if (!opened) for (const listener of this.failedOpenListeners) listener();
      },
    });
  }

  private closeSocket(): void {
    clearInterval(this.heartbeatTimer);
    if (!this.socket) return;
    this.generation++;
    const socket = this.socket;
    this.socket = null;
    try {
      socket.close();
    } catch {
      // Already closed.
    }
  }

  private send(frame: StaffClientFrame): void {
    if (this.state !== 'open' || !this.socket) return; // watches are re-sent on open
    try {
      this.socket.send(JSON.stringify(frame));
    } catch {
      // Closing: onClose reconnects.
    }
  }

  private setState(state: StreamState): void {
    if (state !== 'offline') this.retryAt = null;
    this.state = state;
    for (const listener of this.stateListeners) listener(state, this.retryAt);
  }
}
