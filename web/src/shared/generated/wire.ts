// GENERATED from docs/openapi.yaml by web/scripts/generate-wire.mjs: do not edit.
// Change openapi.yaml and run `npm run generate` in web/.

export interface ErrorBody {
  error: {
    code: string;
    /** what was wrong and what to do */
    message: string;
  };
}

export interface Health {
  status: 'ok' | 'ready';
}

export type Language = 'nl' | 'en';

export type ClientId = string;

export type ConversationId = string;

export type Time = string;

export type Author = 'customer' | 'bot' | 'system' | 'agent';

export type ConversationState =
  'bot' | 'waiting' | 'follow_up' | 'callback' | 'assigned' | 'resolved';

export type ChoiceOption =
  'wait' | 'leave_message' | 'callback' | 'advisor_message' | 'other_queue';

export interface Slot {
  start: Time;
  end: Time;
}

/** a booked callback: the slot and the number to call */
export interface Callback {
  start: Time;
  end: Time;
  phone: string;
}

export interface QueueRef {
  id: string;
  name: string;
  /** in a status: the queue's time zone (IANA); every time told to the customer is in it */
  time_zone?: string;
}

export interface AgentName {
  name: string;
}

export interface Source {
  id: string;
  title: string;
  url: string;
}

export interface Receipt {
  client_id: ClientId;
  seq: number;
  duplicate: boolean;
}

/** why a person is needed, as a stable code: asked_for_person, customer_request, advisor_request, upset, always_person, out_of_scope, no_match, not_covered (names a product or service of the organisation's field that no article mentions), engine_failed, transferred; empty for hand-offs stored before codes were. Not an enum: a client says a code it does not know in the engine's words (`reason`). */
export type HandoffCause = string;

export interface StartedEvent {
  seq: number;
  kind: 'started';
  at: Time;
  author: Author;
  language: Language;
}

export interface CustomerMessageEvent {
  seq: number;
  kind: 'customer_message';
  at: Time;
  author: Author;
  client_id: ClientId;
  text: string;
  /** the option picked from a 'did you mean' */
  article_id?: string;
}

export interface BotReplyEvent {
  seq: number;
  kind: 'bot_reply';
  at: Time;
  author: Author;
  /** answer: from an article (`sources` its link); clarify: "did you mean" (`sources` the options; `text` names them too, for a channel without buttons); handoff: a person takes over (a `handoff` event follows unless the question already waits for one; `sources` the page of its topic, if any: to read meanwhile, not where the text came from); decline: the message is not about the organisation — the bot says what it can help with and the conversation stays with the bot (no hand-off) */
  decision: 'answer' | 'clarify' | 'handoff' | 'decline';
  text: string;
  heading?: string;
  sources?: Source[];
  confidence?: number;
  reasons?: string[];
  language?: Language;
}

export interface HandoffEvent {
  seq: number;
  kind: 'handoff';
  at: Time;
  author: Author;
  client_id?: ClientId;
  text?: string;
  queue?: QueueRef;
  cause?: HandoffCause;
  reasons?: string[];
  /** whether the queue was open by its hours */
  open?: boolean;
  /** whether someone was on duty there; false: the question was kept for a reply (a choice by system follows) */
  staffed?: boolean;
  agent?: AgentName;
}

export interface ChoiceEvent {
  seq: number;
  kind: 'choice';
  at: Time;
  author: Author;
  client_id?: ClientId;
  text?: string;
  option: ChoiceOption;
  by?: 'customer' | 'agent' | 'system';
  /** a choice by system: closed, or nobody_on_duty */
  reason?: string;
  slot?: Slot;
  phone?: string;
  with_advisor?: boolean;
}

/** Balie tells the customer about their wait and what they can do instead; the state does not change */
export interface NoticeEvent {
  seq: number;
  kind: 'notice';
  at: Time;
  author: Author;
  text: string;
  /** nobody_on_duty (nobody serves the queue any more: the question is kept) or long_wait (longer than expected) */
  reason: string;
  /** what the customer can do now (as the status's options) */
  options: ChoiceOption[];
}

export interface AgentMessageEvent {
  seq: number;
  kind: 'agent_message' | 'agent_joined';
  at: Time;
  author: Author;
  text: string;
  agent?: AgentName;
}

/** resolved and assigned (no text), transferred, callback_outcome, decision, approval and contest (a sentence for the customer) */
export interface TextOnlyEvent {
  seq: number;
  kind:
    | 'resolved'
    | 'assigned'
    | 'transferred'
    | 'callback_outcome'
    | 'decision'
    | 'approval'
    | 'contest';
  at: Time;
  author: Author;
  text?: string;
}

/** An event of a kind of a later version: a client keeps it for its seq and shows its text, if any, as a system line. Not sent by this version (the wire test leaves it out: x-forward-compatible). */
export interface LaterEvent {
  seq: number;
  kind: string;
  at: Time;
  author: Author;
  text?: string;
  [field: string]: unknown;
}

/** an event as the customer sees it (docs/api.md, "Events") */
export type ConversationEvent =
  | StartedEvent
  | CustomerMessageEvent
  | BotReplyEvent
  | HandoffEvent
  | ChoiceEvent
  | AgentMessageEvent
  | TextOnlyEvent
  | NoticeEvent
  | LaterEvent;

/** An event as staff see it (docs/staff-api.md): every kind, internal notes included, with every stored field of its kind (src/model/event_json.cc); `agent` and `by` carry the staff id. Fields that are absent or empty are left out. The fields of each kind are in docs/staff-api.md. The wire test holds Balie to these fields and no others. */
export interface StaffEvent {
  seq: number;
  kind: string;
  at: Time;
  author: Author;
  client_id?: string;
  text?: string;
  /** true when retention erased the text (docs/accountability.md); `text` is then absent */
  text_erased?: boolean;
  language?: Language;
  article_id?: string;
  decision?: 'answer' | 'clarify' | 'handoff' | 'decline';
  heading?: string;
  sources?: Source[];
  confidence?: number;
  reasons?: string[];
  queue?: StaffRef;
  cause?: HandoffCause;
  open?: boolean;
  /** a hand-off's: someone was on duty there */
  staffed?: boolean;
  option?: ChoiceOption;
  /** a choice's: customer, agent or system; a transfer's, a decision's, an approval's, a contest's: the member of staff */
  by?: 'customer' | 'agent' | 'system' | StaffRef;
  /** a choice by system (closed, nobody_on_duty), a notice's (nobody_on_duty, long_wait), a decision's, an approval's or a contest review's (staff's own words) */
  reason?: string;
  slot?: Slot;
  phone?: string;
  name?: string;
  with_advisor?: boolean;
  /** an assignment's: a due callback, the call to make (phone) */
  callback?: boolean;
  outcome?: 'reached' | 'no_answer' | 'wrong_number' | 'late';
  attempt?: number;
  retry?: Callback;
  agent?: StaffRef;
  options?: ChoiceOption[];
  alternative?: StaffRef;
  /** a decision's: the id of the decision the configuration describes */
  decision_id?: string;
  unit?: DecisionUnit;
  /** a decision's, in its unit: cents, days, or 1 for an exception */
  amount?: number;
  /** a decision's: the rule it departs from */
  rule?: string;
  /** a decision's: above the mandate, it waits for a colleague's approval */
  needs_approval?: boolean;
  expires?: Time;
  /** an approval's: the seq of the decision event it answers */
  request?: number;
  verdict?: 'approved' | 'refused' | 'expired';
  /** a contest's: the id of the flag contested */
  flag?: number;
  /** a contest's: received (by = who recorded it) or reviewed (by = the reviewer, reason = theirs) */
  stage?: 'received' | 'upheld' | 'rejected';
}

/** a member of staff or a queue in a staff event: its id, and its name where known */
export interface StaffRef {
  id: string;
  name?: string;
}

export interface StartRequest {
  language?: Language;
  /** a signed customer reference PAYLOAD.SIGNATURE (docs/api.md) */
  customer?: string;
}

export interface StartResponse {
  id: string;
  /** the customer token; keep it to resume */
  token: string;
  language: Language;
  stream: string;
  /** the customer has a personal advisor (GET …/advisor) */
  advisor: boolean;
}

export interface Status {
  state: ConversationState;
  language: Language;
  queue: QueueRef;
  /** open by the queue's hours */
  open: boolean;
  /** someone is there now: open, and an agent serving the queue is on duty (available, or busy with chats) */
  staffed: boolean;
  opens_at: string | null;
  closes_at: string | null;
  /** open with nobody on duty: when someone is next due by the schedule; null when that cannot be said */
  staffed_from: string | null;
  /** open with nobody on duty: a queue where someone is now (the other_queue option) */
  alternative: QueueRef | null;
  position: number | null;
  estimated_wait_seconds: number | null;
  options: ChoiceOption[];
  choice: {
    option: ChoiceOption;
  } | null;
  callback: Callback | null;
  agent?: AgentName;
  message: string;
}

export interface MessagesResponse {
  events: ConversationEvent[];
  /** more events follow the last one */
  more: boolean;
}

export interface MessageRequest {
  client_id: ClientId;
  text: string;
  /** the option picked from a 'did you mean'; an id the knowledge base does not have is ignored: the message is stored and answered as typed */
  article_id?: string;
}

export interface ChoiceRequest {
  client_id: ClientId;
  option: ChoiceOption;
  /** callback: the start of an offered slot */
  slot?: string;
  /** callback: 6 to 15 digits */
  phone?: string;
  name?: string;
  /** a callback by the personal advisor */
  with_advisor?: boolean;
}

export interface HandoffRequest {
  client_id: ClientId;
  /** the customer asks for their personal advisor */
  to?: 'advisor';
}

export interface Outcome {
  receipt: Receipt;
  events: ConversationEvent[];
  status: Status;
}

export interface ChoiceOutcome {
  receipt: Receipt;
  status: Status;
}

export interface SlotsResponse {
  slots: Slot[];
}

export type AdvisorState = 'available' | 'busy' | 'away' | 'off_duty';

export type AdvisorOption = 'advisor' | 'colleague' | 'advisor_message' | 'advisor_callback';

export interface AdvisorStatus {
  advisor: AgentName;
  state: AdvisorState;
  next_shift: string | null;
  back_at: string | null;
  estimated_wait_seconds: number | null;
  options: AdvisorOption[];
  slots: Slot[];
  message: string;
}

export interface QueueAvailability {
  id: string;
  name: string;
  /** the queue a hand-off goes to when no other fits */
  default?: boolean;
  /** the queue's time zone (IANA) */
  time_zone: string;
  /** open by its hours */
  open: boolean;
  /** someone is there now: open, and an agent serving the queue is on duty (available, or busy with chats). Open is not someone there. */
  staffed: boolean;
  opens_at: string | null;
  closes_at: string | null;
  /** open with nobody on duty: when someone is next due by the schedule; null when that cannot be said */
  staffed_from: string | null;
  agents_on_duty: number;
  estimated_wait_seconds: number | null;
}

export interface AvailabilityResponse {
  queues: QueueAvailability[];
  /** how the organisation addresses customers in Dutch ([organisation] register, else as its knowledge base does): the widget's Dutch labels say u or je as Balie's own sentences and the knowledge base do */
  register: 'u' | 'je';
}

export interface MessageFrame {
  type: 'message';
  client_id: ClientId;
  text: string;
  article_id?: string;
}

export interface ChooseFrame {
  type: 'choose';
  client_id: ClientId;
  option: ChoiceOption;
  slot?: string;
  phone?: string;
  name?: string;
  with_advisor?: boolean;
}

export interface HandoffFrame {
  type: 'handoff';
  client_id: ClientId;
  to?: 'advisor';
}

export interface CustomerTypingFrame {
  type: 'typing';
}

export interface PingFrame {
  type: 'ping';
}

/** a frame from the widget on the customer's stream */
export type CustomerClientFrame =
  MessageFrame | ChooseFrame | HandoffFrame | CustomerTypingFrame | PingFrame;

export interface ReceiptFrame {
  type: 'receipt';
  client_id: ClientId;
  seq: number;
  duplicate: boolean;
}

export interface EventFrame {
  type: 'event';
  event: ConversationEvent;
}

/** a Status object with its type */
export type StatusFrame = Status & {
  type: 'status';
};

export interface TypingFrame {
  type: 'typing';
  author: 'bot' | 'agent';
}

export type StreamErrorCode =
  | 'bad_json'
  | 'unknown_type'
  | 'bad_field'
  | 'too_large'
  | 'rate_limited'
  | 'conflict'
  | 'unavailable'
  | 'internal'
  | 'forbidden'
  | 'not_found'
  | 'too_many';

export interface ErrorFrame {
  type: 'error';
  /** a StreamErrorCode; a client treats one it does not know as a refusal */
  code: string;
  message: string;
  client_id?: string;
  retry_after_ms?: number;
}

export interface PongFrame {
  type: 'pong';
}

/** a frame from Balie on the customer's stream */
export type CustomerServerFrame =
  ReceiptFrame | EventFrame | StatusFrame | TypingFrame | ErrorFrame | PongFrame;

export type Role = 'agent' | 'supervisor' | 'admin';

/** weekday ("monday") or date ("2026-12-25") → local time ranges ("08:00-12:00"); [] closed */
export type Hours = {
  [key: string]: string[];
};

export interface Staff {
  id: string;
  name: string;
  display_name: string;
  role: Role;
  queues: string[];
  languages: Language[];
  capacity: number;
  schedule: Hours;
  disabled: boolean;
}

export type PresenceState = 'available' | 'busy' | 'away' | 'offline';

export interface Presence {
  state: PresenceState;
  chats: number;
  capacity: number;
  back_at: string | null;
  since: Time;
}

export interface LoginRequest {
  name: string;
  password: string;
}

export interface LoginResponse {
  staff: Staff;
  csrf: string;
}

export interface MeResponse {
  staff: Staff;
  csrf: string;
  presence: Presence;
  decisions: DecisionKind[];
  flag_kinds: FlagKindName[];
}

/** a kind of flag about customers, in the organisation's words */
export interface FlagKindName {
  id: string;
  name_nl: string;
  name_en: string;
}

/** what a flag rests on: an event of the conversation (its seq) or a document, with what it shows */
export interface FlagFact {
  event?: number;
  document?: string;
  description: string;
}

/** expires_at or expires_in_days (from now, by Balie's clock), one of them */
export interface FlagRaiseRequest {
  /** a FlagKindName's id */
  kind: string;
  facts: FlagFact[];
  reason: string;
  severity: 'low' | 'medium' | 'high';
  expires_at?: Time;
  expires_in_days?: number;
}

export interface FlagStatusRequest {
  status: 'confirmed' | 'dismissed';
  reason: string;
}

export interface ContestReviewRequest {
  client_id: ClientId;
  /** upheld: the customer is right, the flag is withdrawn (dismissed); rejected: it stands */
  outcome: 'upheld' | 'rejected';
  /** told to the customer */
  reason: string;
}

export interface CustomerFlag {
  id: number;
  /** the customer it is about; null for an anonymous conversation */
  customer_ref: string | null;
  conversation_id: ConversationId;
  kind: string;
  facts: FlagFact[];
  raised_by: StaffRef;
  reason: string;
  severity: 'low' | 'medium' | 'high';
  raised_at: Time;
  expires_at: Time;
  status: 'unconfirmed' | 'confirmed' | 'dismissed';
  /** still to check: neither dismissed nor expired */
  active: boolean;
  changes: {
    status: 'unconfirmed' | 'confirmed' | 'dismissed';
    by: StaffRef;
    reason: string;
    at: Time;
  }[];
  /** the customer's contests, oldest first; only the last may wait for review (received) */
  contests: {
    /** what the customer objects to, in their words; empty once retention erased them */
    words: string;
    /** true when retention erased the words, a retention period after the review (accountability.md) */
    words_erased?: boolean;
    recorded_by: StaffRef;
    recorded_at: Time;
    stage: 'received' | 'upheld' | 'rejected';
    reviewed_by?: StaffRef;
    /** the reviewer's, told to the customer */
    reason?: string;
    reviewed_at?: Time;
  }[];
}

export interface CustomerFlagResponse {
  flag: CustomerFlag;
}

export interface CustomerFlagsResponse {
  flags: CustomerFlag[];
}

/** euro: amounts in cents */
export type DecisionUnit = 'euro' | 'days' | 'exception';

/** a decision staff may take for a customer, with my own limit (0: every one needs approval) */
export interface DecisionKind {
  id: string;
  name_nl: string;
  name_en: string;
  unit: DecisionUnit;
  rule: string;
  /** always a colleague's approval too, whatever the mandate */
  four_eyes: boolean;
  /** harms the customer: only someone whose own mandate covers it may take it */
  adverse: boolean;
  limit: number;
}

export interface DecisionRequest {
  client_id: string;
  /** a DecisionKind's id */
  decision: string;
  /** in its unit: cents, days, or 1 for an exception */
  amount: number;
  reason: string;
  /** the rule it departs from; default: the decision's */
  rule?: string;
}

export interface AnswerRequest {
  client_id: string;
  verdict: 'approved' | 'refused' | 'ask';
  /** a refusal's is told to the customer; ask: the question for the requester */
  reason: string;
}

export interface DecisionItem {
  conversation_id: ConversationId;
  queue: string;
  status: 'taken' | 'waiting' | 'approved' | 'refused' | 'expired';
  decision: StaffEvent;
  answer: StaffEvent | null;
  /** waiting ones: I may approve or refuse it */
  may_answer?: boolean;
  why_not?: string;
}

export interface ApprovalsResponse {
  approvals: DecisionItem[];
}

export interface DecisionReport {
  since: Time;
  rows: {
    decision: string;
    rule: string;
    queue: string;
    taken: number;
    requested: number;
    approved: number;
    refused: number;
    expired: number;
    waiting: number;
    median_answer_seconds: number | null;
  }[];
  waiting: DecisionItem[];
}

/** one line of the inbox (and the `conversation` of the conversation endpoints) */
export interface InboxItem {
  conversation_id: ConversationId;
  state: ConversationState;
  queue: QueueRef;
  language: Language;
  priority: number;
  waiting_since: string | null;
  wait_seconds: number | null;
  agent: {
    id: string;
    display_name: string;
  } | null;
  /** the hand-off reason in plain words (the engine's English) */
  reason: string;
  reason_code: HandoffCause;
  /** the customer's, first 200 characters */
  last_message: string;
  callback: Callback | null;
  customer_ref: string | null;
  created_at: Time;
}

export interface Inbox {
  waiting: InboxItem[];
  mine: InboxItem[];
  callbacks_due: InboxItem[];
  /** supervisors and admins: assigned to someone else */
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
  events: StaffEvent[];
  earlier: InboxItem[];
  suggestions: Suggestion[];
}

export interface SuggestionsResponse {
  suggestions: Suggestion[];
}

export interface TextRequest {
  client_id: ClientId;
  text: string;
}

export interface EventResponse {
  event: StaffEvent;
}

export interface TransferRequest {
  client_id: ClientId;
  queue?: string;
  /** a staff id */
  agent?: string;
  note?: string;
}

export interface ResolveRequest {
  client_id: ClientId;
}

export interface CallbackRequest {
  client_id: ClientId;
  slot: string;
  phone: string;
}

export type CallbackOutcome = 'reached' | 'no_answer' | 'wrong_number';

export interface OutcomeRequest {
  client_id: ClientId;
  outcome: CallbackOutcome;
  note?: string;
}

export interface AssignRequest {
  client_id: ClientId;
  /** a staff id */
  agent: string;
}

export interface ConversationResponse {
  conversation: InboxItem;
}

export type FlagKind = 'wrong' | 'missing';

export interface FlagRequest {
  kind: FlagKind;
  article_id?: string;
  conversation_id?: string;
  note: string;
}

export interface KnowledgeFlag {
  id: number;
  kind: FlagKind;
  article_id: string | null;
  conversation_id: string | null;
  note: string;
  /** the staff id */
  by: string;
  at: Time;
}

export interface FlagResponse {
  flag: KnowledgeFlag;
}

export interface FlagsResponse {
  flags: KnowledgeFlag[];
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
  /** in the line now */
  waiting: number;
  oldest_wait_seconds: number | null;
  /** questions left for a reply, not yet taken */
  left: number;
  oldest_left_seconds: number | null;
  estimated_wait_seconds: number | null;
  agents_on_duty: number;
  /** open by its hours with nobody on duty: an alarm while it lasts */
  nobody_on_duty: boolean;
  /** since when, as far as this process saw */
  nobody_on_duty_since: string | null;
  callbacks: {
    booked: number;
    overdue: number;
  };
  service_level_today: ServiceLevel;
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

export interface AgentsResponse {
  agents: AgentOverview[];
}

export interface NewUser {
  name: string;
  display_name: string;
  role: Role;
  password: string;
  queues: string[];
  languages: Language[];
  capacity: number;
  schedule?: Hours;
}

export interface UserChanges {
  display_name?: string;
  role?: Role;
  password?: string;
  queues?: string[];
  languages?: Language[];
  capacity?: number;
  schedule?: Hours;
  disabled?: boolean;
}

export interface UsersResponse {
  users: Staff[];
}

export interface UserResponse {
  user: Staff;
}

export interface AdminQueue {
  id: string;
  name_nl: string;
  name_en: string;
  topics: string[];
  languages: Language[];
  time_zone: string;
  hours: Hours;
  holidays: Hours;
}

export interface QueueChanges {
  name_nl?: string;
  name_en?: string;
  topics?: string[];
  languages?: Language[];
  hours?: Hours;
  holidays?: Hours;
}

export interface QueuesResponse {
  queues: AdminQueue[];
}

export interface QueueResponse {
  queue: AdminQueue;
}

export interface WatchFrame {
  type: 'watch';
  conversation_id: ConversationId;
  /** the last event the console has of the conversation: the stored events after it are sent first; absent, the watch starts from the last event stored when it is allowed */
  after?: number;
}

export interface UnwatchFrame {
  type: 'unwatch';
  conversation_id: ConversationId;
}

export interface HeartbeatFrame {
  type: 'heartbeat';
}

export interface StaffTypingClientFrame {
  type: 'typing';
  conversation_id: ConversationId;
}

export interface ChosenPresenceFrame {
  type: 'presence';
  state: 'available' | 'away';
  back_at?: string;
}

/** a frame from the console on the staff stream */
export type StaffClientFrame =
  WatchFrame | UnwatchFrame | HeartbeatFrame | StaffTypingClientFrame | ChosenPresenceFrame;

/** the inbox with its type */
export type InboxFrame = Inbox & {
  type: 'inbox';
};

export interface StaffEventFrame {
  type: 'event';
  conversation_id: ConversationId;
  event: StaffEvent;
}

export interface AssignedFrame {
  type: 'assigned';
  conversation_id: ConversationId;
}

export interface PresenceFrame {
  type: 'presence';
  presence: Presence;
}

/** the overview with its type (supervisors) */
export type OverviewFrame = Overview & {
  type: 'overview';
};

export interface StaffTypingFrame {
  type: 'typing';
  conversation_id: ConversationId;
}

export interface StaffErrorFrame {
  type: 'error';
  /** a StreamErrorCode */
  code: string;
  message: string;
  /** for a watch or typing refused */
  conversation_id?: string;
}

/** a frame from Balie on the console's stream */
export type StaffServerFrame =
  | InboxFrame
  | StaffEventFrame
  | AssignedFrame
  | PresenceFrame
  | OverviewFrame
  | StaffTypingFrame
  | StaffErrorFrame;
