// The staff API of Balie as TypeScript types: the HTTP bodies and the console's WebSocket frames
// of docs/staff-api.md. Used by the agent console; only types and small pure guards, no I/O.

import {
  isEventList,
  type ConversationEvent,
  type ConversationState,
  type Language,
  type QueueRef,
  type Slot,
} from './protocol';

export type Role = 'agent' | 'supervisor' | 'admin';

const ROLE_RANK: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2 };

/** Whether `role` includes `needed` (agent < supervisor < admin). */
export function hasRole(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && ROLE_RANK[role] >= ROLE_RANK[needed];
}

export function isRole(value: unknown): value is Role {
  return value === 'agent' || value === 'supervisor' || value === 'admin';
}

export interface Staff {
  id: string;
  name: string;
  display_name: string;
  role: Role;
  queues: string[];
  languages: Language[];
  capacity: number;
  disabled: boolean;
}

export type PresenceState = 'available' | 'busy' | 'away' | 'offline';

export interface Presence {
  state: PresenceState;
  chats: number;
  capacity: number;
  back_at: string | null;
  since: string;
}

/** One line of the inbox (and the `conversation` of the conversation endpoints). */
export interface InboxItem {
  conversation_id: string;
  state: ConversationState;
  queue: QueueRef | null;
  language: Language;
  priority: number;
  waiting_since: string | null;
  wait_seconds: number | null;
  agent: { id: string; display_name: string } | null;
  /** The hand-off reason in plain words (the engine's, in English). */
  reason: string | null;
  /** The same as a stable code, which the console says in its own language; '' when unknown. */
  reason_code?: string;
  /** The customer's last message, first 200 characters. */
  last_message: string | null;
  callback: (Slot & { phone: string }) | null;
  customer_ref: string | null;
}

export interface Inbox {
  waiting: InboxItem[];
  mine: InboxItem[];
  callbacks_due: InboxItem[];
  /** Supervisors only: the conversations assigned to someone else (to reassign). */
  others: InboxItem[];
}

export interface Suggestion {
  id: string;
  title: string;
  url: string;
  heading: string;
  passage: string;
  score: number;
}

export interface ConversationDetail {
  conversation: InboxItem;
  events: ConversationEvent[];
  earlier: InboxItem[];
  suggestions: Suggestion[];
}

export interface ServiceLevel {
  answered: number;
  within_target: number;
  target_seconds: number;
  share: number | null;
}

export interface QueueOverview {
  id: string;
  name: string;
  open: boolean;
  /** In the line now (live, in the chat). */
  waiting: number;
  oldest_wait_seconds: number | null;
  /** Questions left for a reply (follow_up, not yet taken); the oldest's wait since it was left. */
  left: number;
  oldest_left_seconds: number | null;
  estimated_wait_seconds: number | null;
  agents_on_duty: number;
  /** Open by its hours with nobody on duty: an alarm while it lasts, and since when. */
  nobody_on_duty?: boolean;
  nobody_on_duty_since?: string | null;
  /** Callbacks booked and not yet made; overdue: their slot passed without a call. */
  callbacks: { booked: number; overdue: number };
  service_level_today: ServiceLevel | null;
}

export interface AgentOverview {
  id: string;
  display_name: string;
  presence: Presence;
  queues: string[];
}

export interface Overview {
  queues: QueueOverview[];
  agents: AgentOverview[];
}

export type FlagKind = 'wrong' | 'missing';

export interface KnowledgeFlag {
  id: string;
  kind: FlagKind;
  article_id: string | null;
  conversation_id: string | null;
  note: string;
  by: string;
  at: string;
}

/** A queue as the administration sees it. */
export interface AdminQueue {
  id: string;
  name_nl: string;
  name_en: string;
  topics: string[];
  languages: Language[];
  time_zone?: string;
  /** Weekday ("monday") → local time ranges ("08:00-12:00"); a day not listed is closed. */
  hours: Record<string, string[]>;
  /** Date ("2026-12-25") → the ranges of that date instead of its weekday's ([]: closed). */
  holidays?: Record<string, string[]>;
}

/** A queue as anyone sees it (GET /api/v1/availability). */
export interface QueueAvailability {
  id: string;
  name: string;
  open: boolean;
  opens_at: string | null;
  closes_at: string | null;
  agents_on_duty: number;
  estimated_wait_seconds: number | null;
}

export type CallbackOutcome = 'reached' | 'no_answer' | 'wrong_number';

// ---- HTTP bodies ----

export interface LoginResponse {
  staff: Staff;
  csrf: string;
}

export interface MeResponse {
  staff: Staff;
  csrf: string;
  presence: Presence;
}

export interface NewUser {
  name: string;
  display_name: string;
  role: Role;
  password: string;
  queues: string[];
  languages: Language[];
  capacity: number;
  schedule?: Record<string, string[]>;
}

export type UserChanges = Partial<Omit<NewUser, 'name'>> & { disabled?: boolean };

export type QueueChanges = Partial<
  Pick<AdminQueue, 'name_nl' | 'name_en' | 'topics' | 'languages' | 'hours' | 'holidays'>
>;

// ---- Frames of the console's stream ----

export interface InboxFrame extends Inbox {
  type: 'inbox';
}

export interface StaffEventFrame {
  type: 'event';
  conversation_id: string;
  event: ConversationEvent;
}

export interface AssignedFrame {
  type: 'assigned';
  conversation_id: string;
  /** The conversation's inbox line, when Balie sends it along. */
  item?: InboxItem;
}

export interface PresenceFrame extends Presence {
  type: 'presence';
}

export interface OverviewFrame extends Overview {
  type: 'overview';
}

export interface StaffTypingFrame {
  type: 'typing';
  conversation_id: string;
}

export interface StaffErrorFrame {
  type: 'error';
  code: string;
  message: string;
}

export type StaffServerFrame =
  | InboxFrame
  | StaffEventFrame
  | AssignedFrame
  | PresenceFrame
  | OverviewFrame
  | StaffTypingFrame
  | StaffErrorFrame;

export type StaffClientFrame =
  | { type: 'watch'; conversation_id: string }
  | { type: 'unwatch'; conversation_id: string }
  | { type: 'heartbeat' }
  | { type: 'typing'; conversation_id: string }
  | { type: 'presence'; state: 'available' | 'away'; back_at?: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isItem(value: unknown): value is InboxItem {
  return isObject(value) && typeof value['conversation_id'] === 'string';
}

function items(value: unknown): InboxItem[] {
  return Array.isArray(value) ? value.filter(isItem) : [];
}

/**
 * Parses one text frame of the console's stream. Returns null for anything this console cannot
 * act on (not JSON, an unknown type, required fields missing), so additions of a newer server
 * are ignored. Lists are cleaned (lines without a conversation_id dropped).
 */
export function parseStaffFrame(data: string): StaffServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  switch (value['type']) {
    case 'inbox':
      return {
        type: 'inbox',
        waiting: items(value['waiting']),
        mine: items(value['mine']),
        callbacks_due: items(value['callbacks_due']),
        others: items(value['others']),
      };
    case 'event': {
      const event = value['event'];
      return typeof value['conversation_id'] === 'string' && isEventList([event])
        ? {
            type: 'event',
            conversation_id: value['conversation_id'],
            event: event as ConversationEvent,
          }
        : null;
    }
    case 'assigned':
      return typeof value['conversation_id'] === 'string'
        ? {
            type: 'assigned',
            conversation_id: value['conversation_id'],
            ...(isItem(value['item']) ? { item: value['item'] } : {}),
          }
        : null;
    case 'presence': {
      // The presence's fields, at the top or (as Balie sends them) under `presence`.
      const inner = value['presence'];
      const presence = isObject(inner) ? inner : value;
      return typeof presence['state'] === 'string'
        ? ({ ...presence, type: 'presence' } as unknown as PresenceFrame)
        : null;
    }
    case 'overview':
      return Array.isArray(value['queues']) && Array.isArray(value['agents'])
        ? (value as unknown as OverviewFrame)
        : null;
    case 'typing':
      return typeof value['conversation_id'] === 'string'
        ? { type: 'typing', conversation_id: value['conversation_id'] }
        : null;
    case 'error':
      return {
        type: 'error',
        code: typeof value['code'] === 'string' ? value['code'] : 'error',
        message: typeof value['message'] === 'string' ? value['message'] : '',
      };
    default:
      return null;
  }
}

/** The presence part of a presence frame. */
export function presenceOf(frame: PresenceFrame): Presence {
  const { type: _type, ...presence } = frame;
  return presence;
}

/** The overview part of an overview frame. */
export function overviewOf(frame: OverviewFrame): Overview {
  const { type: _type, ...overview } = frame;
  return overview;
}
