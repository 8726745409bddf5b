// The customer API of Balie as TypeScript types: the HTTP bodies and the WebSocket frames of
// docs/api.md. Shared by every client (the widget now, the staff console later). Only types and
// small pure guards live here; no I/O.

export type Language = 'nl' | 'en';

export const LANGUAGES: readonly Language[] = ['nl', 'en'];

export function isLanguage(value: unknown): value is Language {
  return value === 'nl' || value === 'en';
}

export type Author = 'customer' | 'bot' | 'system' | 'agent';

export interface Source {
  id: string;
  title: string;
  url: string;
}

export interface Slot {
  start: string;
  end: string;
}

export interface QueueRef {
  id: string;
  name: string;
  /** The queue's time zone (IANA): every time Balie tells the customer is in it. */
  time_zone?: string;
}

interface EventBase {
  seq: number;
  at: string;
  author: Author;
}

export interface StartedEvent extends EventBase {
  kind: 'started';
  language: Language;
}

export interface CustomerMessageEvent extends EventBase {
  kind: 'customer_message';
  client_id: string;
  text: string;
  article_id?: string;
}

export type Decision = 'answer' | 'clarify' | 'handoff';

export interface BotReplyEvent extends EventBase {
  kind: 'bot_reply';
  decision: Decision;
  text: string;
  heading?: string;
  sources?: Source[];
  confidence?: number;
  reasons?: string[];
  language?: Language;
}

export interface HandoffEvent extends EventBase {
  kind: 'handoff';
  queue?: QueueRef;
  reasons?: string[];
  /** Open by the queue's hours. */
  open?: boolean;
  /** Someone on duty there: false means the question was kept for a reply instead. */
  staffed?: boolean;
}

export type ChoiceOption =
  'wait' | 'leave_message' | 'callback' | 'advisor_message' | 'other_queue';

export interface ChoiceEvent extends EventBase {
  kind: 'choice';
  option: ChoiceOption;
  slot?: Slot | null;
  client_id?: string;
  with_advisor?: boolean;
}

export interface AgentMessageEvent extends EventBase {
  kind: 'agent_message';
  text: string;
  agent?: { name: string };
}

export interface ResolvedEvent extends EventBase {
  kind: 'resolved';
}

/** Balie tells the customer about their wait and what they can do instead. */
export interface NoticeEvent extends EventBase {
  kind: 'notice';
  text: string;
  reason: 'nobody_on_duty' | 'long_wait' | string;
  options?: ChoiceOption[];
}

/** An event of a kind this client does not know (a newer server); kept for its seq, not shown. */
export interface UnknownEvent extends EventBase {
  kind: string;
}

export type KnownEvent =
  | StartedEvent
  | CustomerMessageEvent
  | BotReplyEvent
  | HandoffEvent
  | ChoiceEvent
  | AgentMessageEvent
  | ResolvedEvent
  | NoticeEvent;

export type ConversationEvent = KnownEvent | UnknownEvent;

export type ConversationState =
  'bot' | 'waiting' | 'follow_up' | 'callback' | 'assigned' | 'resolved';

export interface Status {
  state: ConversationState;
  language?: Language;
  queue?: QueueRef | null;
  /** Open by the queue's hours. */
  open?: boolean;
  /** Someone is there now: open, and an agent serving the queue is on duty. */
  staffed?: boolean;
  opens_at?: string | null;
  closes_at?: string | null;
  /** Open with nobody on duty: when someone is next due by the schedule, if that can be said. */
  staffed_from?: string | null;
  /** Open with nobody on duty: a queue where someone is (the `other_queue` option). */
  alternative?: QueueRef | null;
  position?: number | null;
  estimated_wait_seconds?: number | null;
  options?: ChoiceOption[];
  choice?: { option: ChoiceOption } | null;
  callback?: (Slot & { phone?: string }) | null;
  message?: string;
}

// ---- HTTP bodies ----

export interface StartResponse {
  id: string;
  token: string;
  language: Language;
  stream?: string;
}

export interface MessagesResponse {
  events: ConversationEvent[];
  more: boolean;
}

export interface SlotsResponse {
  slots: Slot[];
}

export type AdvisorState = 'available' | 'busy' | 'away' | 'off_duty';

export type AdvisorOption = 'advisor' | 'colleague' | 'advisor_message' | 'advisor_callback';

/** GET /api/v1/conversations/{id}/advisor: the customer's personal advisor, truthfully. */
export interface AdvisorStatus {
  advisor: { name: string };
  state: AdvisorState;
  next_shift: string | null;
  back_at: string | null;
  estimated_wait_seconds: number | null;
  options: AdvisorOption[];
  slots: Slot[];
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string };
}

// ---- Frames from the client ----

export interface MessageFrame {
  type: 'message';
  client_id: string;
  text: string;
  article_id?: string;
}

export interface ChooseFrame {
  type: 'choose';
  client_id: string;
  option: ChoiceOption;
  slot?: string;
  phone?: string;
  name?: string;
  /** A callback by the customer's personal advisor. */
  with_advisor?: boolean;
}

export interface HandoffFrame {
  type: 'handoff';
  client_id: string;
  /** `advisor`: the customer asks for their personal advisor rather than anyone. */
  to?: 'advisor';
}

/** Frames that change the conversation: they carry a client_id and are answered by a receipt. */
export type DurableFrame = MessageFrame | ChooseFrame | HandoffFrame;

export type ClientFrame = DurableFrame | { type: 'typing' } | { type: 'ping' };

// ---- Frames from Balie ----

export interface ReceiptFrame {
  type: 'receipt';
  client_id: string;
  seq: number;
  duplicate?: boolean;
}

export interface EventFrame {
  type: 'event';
  event: ConversationEvent;
}

export interface StatusFrame extends Status {
  type: 'status';
}

export interface TypingFrame {
  type: 'typing';
  author: 'bot' | 'agent';
  /** The agent's name, when Balie gives it. */
  name?: string;
}

export type StreamErrorCode =
  | 'bad_json'
  | 'unknown_type'
  | 'bad_field'
  | 'too_large'
  | 'rate_limited'
  | 'conflict'
  | 'unavailable';

export interface ErrorFrame {
  type: 'error';
  code: StreamErrorCode | string;
  message: string;
  client_id?: string;
}

export interface PongFrame {
  type: 'pong';
}

export type ServerFrame =
  ReceiptFrame | EventFrame | StatusFrame | TypingFrame | ErrorFrame | PongFrame;

/** Limits of docs/api.md that a client checks before sending. */
export const MAX_TEXT_LENGTH = 4000;
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Error codes after which the same frame may succeed later (resend with the same client_id). */
export function isRetryableError(code: string): boolean {
  return code === 'rate_limited' || code === 'unavailable';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEvent(value: unknown): value is ConversationEvent {
  return (
    isObject(value) &&
    typeof value['seq'] === 'number' &&
    Number.isInteger(value['seq']) &&
    value['seq'] > 0 &&
    typeof value['kind'] === 'string'
  );
}

/**
 * Parses one text frame from Balie. Returns null for anything that is not a frame this client
 * can act on (not JSON, no known type, required fields missing), so a newer server's additions
 * are ignored rather than crashing the widget.
 */
export function parseServerFrame(data: string): ServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  switch (value['type']) {
    case 'receipt':
      return typeof value['client_id'] === 'string' && typeof value['seq'] === 'number'
        ? (value as unknown as ReceiptFrame)
        : null;
    case 'event':
      return isEvent(value['event']) ? (value as unknown as EventFrame) : null;
    case 'status':
      return typeof value['state'] === 'string' ? (value as unknown as StatusFrame) : null;
    case 'typing':
      return value['author'] === 'bot' || value['author'] === 'agent'
        ? {
            type: 'typing',
            author: value['author'],
            ...(typeof value['name'] === 'string' && value['name'] ? { name: value['name'] } : {}),
          }
        : null;
    case 'error':
      return typeof value['code'] === 'string'
        ? ({
            type: 'error',
            code: value['code'],
            message: typeof value['message'] === 'string' ? value['message'] : '',
            ...(typeof value['client_id'] === 'string' ? { client_id: value['client_id'] } : {}),
          } satisfies ErrorFrame)
        : null;
    case 'pong':
      return { type: 'pong' };
    default:
      return null;
  }
}

export function isEventList(value: unknown): value is ConversationEvent[] {
  return Array.isArray(value) && value.every(isEvent);
}

/** Strips the `type` of a status frame, leaving the status object. */
export function statusOf(frame: StatusFrame): Status {
  const { type: _type, ...status } = frame;
  return status;
}

const ADVISOR_STATES: readonly string[] = ['available', 'busy', 'away', 'off_duty'];
const ADVISOR_OPTIONS: readonly string[] = [
  'advisor',
  'colleague',
  'advisor_message',
  'advisor_callback',
];

/** The advisor answer, cleaned; null when it is not one (unknown state, no name). */
export function parseAdvisor(value: unknown): AdvisorStatus | null {
  if (!isObject(value)) return null;
  const advisor = value['advisor'];
  const state = value['state'];
  if (!isObject(advisor) || typeof advisor['name'] !== 'string') return null;
  if (typeof state !== 'string' || !ADVISOR_STATES.includes(state)) return null;
  const text = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : null);
  const slots = Array.isArray(value['slots'])
    ? value['slots'].filter(
        (s): s is Slot =>
          isObject(s) && typeof s['start'] === 'string' && typeof s['end'] === 'string',
      )
    : [];
  const options = Array.isArray(value['options'])
    ? value['options'].filter(
        (o): o is AdvisorOption => typeof o === 'string' && ADVISOR_OPTIONS.includes(o),
      )
    : [];
  const wait = value['estimated_wait_seconds'];
  return {
    advisor: { name: advisor['name'] },
    state: state as AdvisorState,
    next_shift: text('next_shift'),
    back_at: text('back_at'),
    estimated_wait_seconds: typeof wait === 'number' && Number.isFinite(wait) ? wait : null,
    options,
    slots,
    message: text('message') ?? '',
  };
}
