// GENERATED from docs/openapi.yaml by web/scripts/generate-wire.mjs: do not edit.
// Change openapi.yaml and run `npm run generate` in web/.
import { validator, type Schema } from '../wire-check';
import type {
  CustomerServerFrame,
  StaffServerFrame,
  ErrorBody,
  StartResponse,
  Status,
  MessagesResponse,
  Outcome,
  ChoiceOutcome,
  SlotsResponse,
  AdvisorStatus,
  AvailabilityResponse,
  LoginResponse,
  MeResponse,
  ConversationDetail,
  SuggestionsResponse,
  EventResponse,
  ConversationResponse,
  FlagResponse,
  FlagsResponse,
  Overview,
  AgentsResponse,
  UsersResponse,
  UserResponse,
  QueuesResponse,
  QueueResponse,
  ApprovalsResponse,
  DecisionReport,
  CustomerFlagResponse,
  CustomerFlagsResponse,
} from './wire';

const sClientId: Schema = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' };
const sReceiptFrame: Schema = {
  type: 'object',
  required: ['type', 'client_id', 'seq', 'duplicate'],
  properties: {
    type: { type: 'string', enum: ['receipt'] },
    client_id: sClientId,
    seq: { type: 'integer', minimum: 1 },
    duplicate: { type: 'boolean' },
  },
};
const sTime: Schema = { type: 'string' };
const sAuthor: Schema = { type: 'string', enum: ['customer', 'bot', 'system', 'agent'] };
const sLanguage: Schema = { type: 'string', enum: ['nl', 'en'] };
const sStartedEvent: Schema = {
  type: 'object',
  required: ['seq', 'kind', 'at', 'author', 'language'],
  properties: {
    seq: { type: 'integer', minimum: 1 },
    kind: { type: 'string', enum: ['started'] },
    at: sTime,
    author: sAuthor,
    language: sLanguage,
  },
};
const sCustomerMessageEvent: Schema = {
  type: 'object',
  required: ['seq', 'kind', 'at', 'author', 'client_id', 'text'],
  properties: {
    seq: { type: 'integer', minimum: 1 },
    kind: { type: 'string', enum: ['customer_message'] },
    at: sTime,
    author: sAuthor,
    client_id: sClientId,
    text: { type: 'string' },
    article_id: { type: 'string' },
  },
};
const sSource: Schema = {
  type: 'object',
  required: ['id', 'title', 'url'],
  properties: { id: { type: 'string' }, title: { type: 'string' }, url: { type: 'string' } },
};
const sBotReplyEvent: Schema = {
  type: 'object',
  required: ['seq', 'kind', 'at', 'author', 'decision', 'text'],
  properties: {
    seq: { type: 'integer', minimum: 1 },
    kind: { type: 'string', enum: ['bot_reply'] },
    at: sTime,
    author: sAuthor,
    decision: { type: 'string', enum: ['answer', 'clarify', 'handoff', 'decline'] },
    text: { type: 'string' },
    heading: { type: 'string' },
    sources: { type: 'array', items: sSource },
    confidence: { type: 'number' },
    reasons: { type: 'array', items: { type: 'string' } },
    language: sLanguage,
  },
};
const sQueueRef: Schema = {
  type: 'object',
  required: ['id', 'name'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, time_zone: { type: 'string' } },
};
const sHandoffCause: Schema = { type: 'string' };
const sAgentName: Schema = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string' } },
};
const sHandoffEvent: Schema = {
  type: 'object',
  required: ['seq', 'kind', 'at', 'author'],
  properties: {
    seq: { type: 'integer', minimum: 1 },
    kind: { type: 'string', enum: ['handoff'] },
    at: sTime,
    author: sAuthor,
    client_id: sClientId,
    text: { type: 'string' },
    queue: sQueueRef,
    cause: sHandoffCause,
    reasons: { type: 'array', items: { type: 'string' } },
    open: { type: 'boolean' },
    staffed: { type: 'boolean' },
    agent: sAgentName,
  },
};
const sChoiceOption: Schema = {
  type: 'string',
  enum: ['wait', 'leave_message', 'callback', 'advisor_message', 'other_queue'],
};
const sSlot: Schema = {
  type: 'object',
  required: ['start', 'end'],
  properties: { start: sTime, end: sTime },
};
const sChoiceEvent: Schema = {
  type: 'object',
  required: ['seq', 'kind', 'at', 'author', 'option'],
  properties: {
    seq: { type: 'integer', minimum: 1 },
    kind: { type: 'string', enum: ['choice'] },
    at: sTime,
    author: sAuthor,
    client_id: sClientId,
    text: { type: 'string' },
    option: sChoiceOption,
    by: { type: 'string', enum: ['customer', 'agent', 'system'] },
    reason: { type: 'string' },
    slot: sSlot,
    phone: { type: 'string' },
    with_advisor: { type: 'boolean' },
  },
};
const sAgentMessageEvent: Schema = {
  type: 'object',
  required: ['seq', 'kind', 'at', 'author', 'text'],
  properties: {
    seq: { type: 'integer', minimum: 1 },
    kind: { type: 'string', enum: ['agent_message', 'agent_joined'] },
    at: sTime,
    author: sAuthor,
    text: { type: 'string' },
    agent: sAgentName,
  },
};
const sTextOnlyEvent: Schema = {
  type: 'object',
  required: ['seq', 'kind', 'at', 'author'],
  properties: {
    seq: { type: 'integer', minimum: 1 },
    kind: {
      type: 'string',
      enum: [
        'resolved',
        'assigned',
        'transferred',
        'callback_outcome',
        'decision',
        'approval',
        'contest',
      ],
    },
    at: sTime,
    author: sAuthor,
    text: { type: 'string' },
  },
};
const sNoticeEvent: Schema = {
  type: 'object',
  required: ['seq', 'kind', 'at', 'author', 'text', 'reason', 'options'],
  properties: {
    seq: { type: 'integer', minimum: 1 },
    kind: { type: 'string', enum: ['notice'] },
    at: sTime,
    author: sAuthor,
    text: { type: 'string' },
    reason: { type: 'string' },
    options: { type: 'array', items: sChoiceOption },
  },
};
const sLaterEvent: Schema = {
  type: 'object',
  required: ['seq', 'kind', 'at', 'author'],
  properties: {
    seq: { type: 'integer', minimum: 1 },
    kind: {
      type: 'string',
      not: {
        enum: [
          'started',
          'customer_message',
          'bot_reply',
          'handoff',
          'choice',
          'agent_message',
          'agent_joined',
          'resolved',
          'assigned',
          'transferred',
          'callback_outcome',
          'note',
          'notice',
          'decision',
          'approval',
          'contest',
        ],
      },
    },
    at: sTime,
    author: sAuthor,
    text: { type: 'string' },
  },
  additionalProperties: true,
};
const sConversationEvent: Schema = {
  oneOf: [
    sStartedEvent,
    sCustomerMessageEvent,
    sBotReplyEvent,
    sHandoffEvent,
    sChoiceEvent,
    sAgentMessageEvent,
    sTextOnlyEvent,
    sNoticeEvent,
    sLaterEvent,
  ],
};
const sEventFrame: Schema = {
  type: 'object',
  required: ['type', 'event'],
  properties: { type: { type: 'string', enum: ['event'] }, event: sConversationEvent },
};
const sConversationState: Schema = {
  type: 'string',
  enum: ['bot', 'waiting', 'follow_up', 'callback', 'assigned', 'resolved'],
};
const sCallback: Schema = {
  type: 'object',
  required: ['start', 'end', 'phone'],
  properties: { start: sTime, end: sTime, phone: { type: 'string' } },
};
const sStatusFrame: Schema = {
  type: 'object',
  properties: {
    state: sConversationState,
    language: sLanguage,
    queue: sQueueRef,
    open: { type: 'boolean' },
    staffed: { type: 'boolean' },
    opens_at: { type: ['string', 'null'] },
    closes_at: { type: ['string', 'null'] },
    staffed_from: { type: ['string', 'null'] },
    alternative: { anyOf: [{ allOf: [sQueueRef] }, { type: 'null' }] },
    position: { type: ['integer', 'null'] },
    estimated_wait_seconds: { type: ['integer', 'null'] },
    options: { type: 'array', items: sChoiceOption },
    choice: {
      type: ['object', 'null'],
      required: ['option'],
      properties: { option: sChoiceOption },
    },
    callback: { anyOf: [{ allOf: [sCallback] }, { type: 'null' }] },
    agent: sAgentName,
    message: { type: 'string' },
    type: { type: 'string', enum: ['status'] },
  },
  required: [
    'state',
    'language',
    'queue',
    'open',
    'staffed',
    'opens_at',
    'closes_at',
    'staffed_from',
    'alternative',
    'position',
    'estimated_wait_seconds',
    'options',
    'choice',
    'callback',
    'message',
    'type',
  ],
};
const sTypingFrame: Schema = {
  type: 'object',
  required: ['type', 'author'],
  properties: {
    type: { type: 'string', enum: ['typing'] },
    author: { type: 'string', enum: ['bot', 'agent'] },
  },
};
const sErrorFrame: Schema = {
  type: 'object',
  required: ['type', 'code', 'message'],
  properties: {
    type: { type: 'string', enum: ['error'] },
    code: { type: 'string' },
    message: { type: 'string' },
    client_id: { type: 'string' },
    retry_after_ms: { type: 'integer', minimum: 0 },
  },
};
const sPongFrame: Schema = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', enum: ['pong'] } },
};
const sCustomerServerFrame: Schema = {
  oneOf: [sReceiptFrame, sEventFrame, sStatusFrame, sTypingFrame, sErrorFrame, sPongFrame],
  discriminator: 'type',
  type: 'object',
};
const sConversationId: Schema = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' };
const sInboxItem: Schema = {
  type: 'object',
  required: [
    'conversation_id',
    'state',
    'queue',
    'language',
    'priority',
    'waiting_since',
    'wait_seconds',
    'agent',
    'reason',
    'reason_code',
    'last_message',
    'callback',
    'customer_ref',
    'created_at',
  ],
  properties: {
    conversation_id: sConversationId,
    state: sConversationState,
    queue: sQueueRef,
    language: sLanguage,
    priority: { type: 'integer' },
    waiting_since: { type: ['string', 'null'] },
    wait_seconds: { type: ['integer', 'null'] },
    agent: {
      type: ['object', 'null'],
      required: ['id', 'display_name'],
      properties: { id: { type: 'string' }, display_name: { type: 'string' } },
    },
    reason: { type: 'string' },
    reason_code: sHandoffCause,
    last_message: { type: 'string' },
    callback: { anyOf: [{ allOf: [sCallback] }, { type: 'null' }] },
    customer_ref: { type: ['string', 'null'] },
    created_at: sTime,
  },
};
const sInboxFrame: Schema = {
  type: 'object',
  properties: {
    waiting: { type: 'array', items: sInboxItem },
    mine: { type: 'array', items: sInboxItem },
    callbacks_due: { type: 'array', items: sInboxItem },
    others: { type: 'array', items: sInboxItem },
    type: { type: 'string', enum: ['inbox'] },
  },
  required: ['waiting', 'mine', 'callbacks_due', 'others', 'type'],
};
const sStaffRef: Schema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string' }, name: { type: 'string' } },
};
const sDecisionUnit: Schema = { type: 'string', enum: ['euro', 'days', 'exception'] };
const sStaffEvent: Schema = {
  type: 'object',
  required: ['seq', 'kind', 'at', 'author'],
  properties: {
    seq: { type: 'integer', minimum: 1 },
    kind: { type: 'string' },
    at: sTime,
    author: sAuthor,
    client_id: { type: 'string' },
    text: { type: 'string' },
    text_erased: { type: 'boolean' },
    language: sLanguage,
    article_id: { type: 'string' },
    decision: { type: 'string', enum: ['answer', 'clarify', 'handoff', 'decline'] },
    heading: { type: 'string' },
    sources: { type: 'array', items: sSource },
    confidence: { type: 'number' },
    reasons: { type: 'array', items: { type: 'string' } },
    queue: sStaffRef,
    cause: sHandoffCause,
    open: { type: 'boolean' },
    staffed: { type: 'boolean' },
    option: sChoiceOption,
    by: { anyOf: [{ type: 'string', enum: ['customer', 'agent', 'system'] }, sStaffRef] },
    reason: { type: 'string' },
    slot: sSlot,
    phone: { type: 'string' },
    name: { type: 'string' },
    with_advisor: { type: 'boolean' },
    callback: { type: 'boolean' },
    outcome: { type: 'string', enum: ['reached', 'no_answer', 'wrong_number', 'late'] },
    attempt: { type: 'integer', minimum: 1 },
    retry: sCallback,
    agent: sStaffRef,
    options: { type: 'array', items: sChoiceOption },
    alternative: sStaffRef,
    decision_id: { type: 'string' },
    unit: sDecisionUnit,
    amount: { type: 'integer', minimum: 1 },
    rule: { type: 'string' },
    needs_approval: { type: 'boolean' },
    expires: sTime,
    request: { type: 'integer', minimum: 1 },
    verdict: { type: 'string', enum: ['approved', 'refused', 'expired'] },
    flag: { type: 'integer', minimum: 1 },
    stage: { type: 'string', enum: ['received', 'upheld', 'rejected'] },
  },
};
const sStaffEventFrame: Schema = {
  type: 'object',
  required: ['type', 'conversation_id', 'event'],
  properties: {
    type: { type: 'string', enum: ['event'] },
    conversation_id: sConversationId,
    event: sStaffEvent,
  },
};
const sAssignedFrame: Schema = {
  type: 'object',
  required: ['type', 'conversation_id'],
  properties: { type: { type: 'string', enum: ['assigned'] }, conversation_id: sConversationId },
};
const sPresenceState: Schema = { type: 'string', enum: ['available', 'busy', 'away', 'offline'] };
const sPresence: Schema = {
  type: 'object',
  required: ['state', 'chats', 'capacity', 'back_at', 'since'],
  properties: {
    state: sPresenceState,
    chats: { type: 'integer', minimum: 0 },
    capacity: { type: 'integer', minimum: 0 },
    back_at: { type: ['string', 'null'] },
    since: sTime,
  },
};
const sPresenceFrame: Schema = {
  type: 'object',
  required: ['type', 'presence'],
  properties: { type: { type: 'string', enum: ['presence'] }, presence: sPresence },
};
const sServiceLevel: Schema = {
  type: 'object',
  required: ['answered', 'within_target', 'target_seconds', 'share'],
  properties: {
    answered: { type: 'integer', minimum: 0 },
    within_target: { type: 'integer', minimum: 0 },
    target_seconds: { type: 'integer' },
    share: { type: ['number', 'null'] },
  },
};
const sQueueOverview: Schema = {
  type: 'object',
  required: [
    'id',
    'name',
    'open',
    'waiting',
    'oldest_wait_seconds',
    'left',
    'oldest_left_seconds',
    'estimated_wait_seconds',
    'agents_on_duty',
    'nobody_on_duty',
    'nobody_on_duty_since',
    'callbacks',
    'service_level_today',
  ],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    open: { type: 'boolean' },
    waiting: { type: 'integer', minimum: 0 },
    oldest_wait_seconds: { type: ['integer', 'null'] },
    left: { type: 'integer', minimum: 0 },
    oldest_left_seconds: { type: ['integer', 'null'] },
    estimated_wait_seconds: { type: ['integer', 'null'] },
    agents_on_duty: { type: 'integer', minimum: 0 },
    nobody_on_duty: { type: 'boolean' },
    nobody_on_duty_since: { type: ['string', 'null'] },
    callbacks: {
      type: 'object',
      required: ['booked', 'overdue'],
      properties: {
        booked: { type: 'integer', minimum: 0 },
        overdue: { type: 'integer', minimum: 0 },
      },
    },
    service_level_today: sServiceLevel,
  },
};
const sAgentOverview: Schema = {
  type: 'object',
  required: ['id', 'display_name', 'presence', 'queues'],
  properties: {
    id: { type: 'string' },
    display_name: { type: 'string' },
    presence: sPresence,
    queues: { type: 'array', items: { type: 'string' } },
  },
};
const sOverviewFrame: Schema = {
  type: 'object',
  properties: {
    queues: { type: 'array', items: sQueueOverview },
    agents: { type: 'array', items: sAgentOverview },
    type: { type: 'string', enum: ['overview'] },
  },
  required: ['queues', 'agents', 'type'],
};
const sStaffTypingFrame: Schema = {
  type: 'object',
  required: ['type', 'conversation_id'],
  properties: { type: { type: 'string', enum: ['typing'] }, conversation_id: sConversationId },
};
const sStaffErrorFrame: Schema = {
  type: 'object',
  required: ['type', 'code', 'message'],
  properties: {
    type: { type: 'string', enum: ['error'] },
    code: { type: 'string' },
    message: { type: 'string' },
    conversation_id: { type: 'string' },
  },
};
const sStaffServerFrame: Schema = {
  oneOf: [
    sInboxFrame,
    sStaffEventFrame,
    sAssignedFrame,
    sPresenceFrame,
    sOverviewFrame,
    sStaffTypingFrame,
    sStaffErrorFrame,
  ],
  discriminator: 'type',
  type: 'object',
};
const sErrorBody: Schema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
};
const sStartResponse: Schema = {
  type: 'object',
  required: ['id', 'token', 'language', 'stream', 'advisor'],
  properties: {
    id: { type: 'string' },
    token: { type: 'string' },
    language: sLanguage,
    stream: { type: 'string' },
    advisor: { type: 'boolean' },
  },
};
const sStatus: Schema = {
  type: 'object',
  required: [
    'state',
    'language',
    'queue',
    'open',
    'staffed',
    'opens_at',
    'closes_at',
    'staffed_from',
    'alternative',
    'position',
    'estimated_wait_seconds',
    'options',
    'choice',
    'callback',
    'message',
  ],
  properties: {
    state: sConversationState,
    language: sLanguage,
    queue: sQueueRef,
    open: { type: 'boolean' },
    staffed: { type: 'boolean' },
    opens_at: { type: ['string', 'null'] },
    closes_at: { type: ['string', 'null'] },
    staffed_from: { type: ['string', 'null'] },
    alternative: { anyOf: [{ allOf: [sQueueRef] }, { type: 'null' }] },
    position: { type: ['integer', 'null'] },
    estimated_wait_seconds: { type: ['integer', 'null'] },
    options: { type: 'array', items: sChoiceOption },
    choice: {
      type: ['object', 'null'],
      required: ['option'],
      properties: { option: sChoiceOption },
    },
    callback: { anyOf: [{ allOf: [sCallback] }, { type: 'null' }] },
    agent: sAgentName,
    message: { type: 'string' },
  },
};
const sMessagesResponse: Schema = {
  type: 'object',
  required: ['events', 'more'],
  properties: { events: { type: 'array', items: sConversationEvent }, more: { type: 'boolean' } },
};
const sReceipt: Schema = {
  type: 'object',
  required: ['client_id', 'seq', 'duplicate'],
  properties: {
    client_id: sClientId,
    seq: { type: 'integer', minimum: 1 },
    duplicate: { type: 'boolean' },
  },
};
const sOutcome: Schema = {
  type: 'object',
  required: ['receipt', 'events', 'status'],
  properties: {
    receipt: sReceipt,
    events: { type: 'array', items: sConversationEvent },
    status: sStatus,
  },
};
const sChoiceOutcome: Schema = {
  type: 'object',
  required: ['receipt', 'status'],
  properties: { receipt: sReceipt, status: sStatus },
};
const sSlotsResponse: Schema = {
  type: 'object',
  required: ['slots'],
  properties: { slots: { type: 'array', items: sSlot } },
};
const sAdvisorState: Schema = { type: 'string', enum: ['available', 'busy', 'away', 'off_duty'] };
const sAdvisorOption: Schema = {
  type: 'string',
  enum: ['advisor', 'colleague', 'advisor_message', 'advisor_callback'],
};
const sAdvisorStatus: Schema = {
  type: 'object',
  required: [
    'advisor',
    'state',
    'next_shift',
    'back_at',
    'estimated_wait_seconds',
    'options',
    'slots',
    'message',
  ],
  properties: {
    advisor: sAgentName,
    state: sAdvisorState,
    next_shift: { type: ['string', 'null'] },
    back_at: { type: ['string', 'null'] },
    estimated_wait_seconds: { type: ['integer', 'null'] },
    options: { type: 'array', items: sAdvisorOption },
    slots: { type: 'array', items: sSlot },
    message: { type: 'string' },
  },
};
const sQueueAvailability: Schema = {
  type: 'object',
  required: [
    'id',
    'name',
    'time_zone',
    'open',
    'staffed',
    'opens_at',
    'closes_at',
    'staffed_from',
    'agents_on_duty',
    'estimated_wait_seconds',
  ],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    default: { type: 'boolean' },
    time_zone: { type: 'string' },
    open: { type: 'boolean' },
    staffed: { type: 'boolean' },
    opens_at: { type: ['string', 'null'] },
    closes_at: { type: ['string', 'null'] },
    staffed_from: { type: ['string', 'null'] },
    agents_on_duty: { type: 'integer', minimum: 0 },
    estimated_wait_seconds: { type: ['integer', 'null'] },
  },
};
const sAvailabilityResponse: Schema = {
  type: 'object',
  required: ['queues', 'register'],
  properties: {
    queues: { type: 'array', items: sQueueAvailability },
    register: { type: 'string', enum: ['u', 'je'] },
  },
};
const sRole: Schema = { type: 'string', enum: ['agent', 'supervisor', 'admin'] };
const sHours: Schema = {
  type: 'object',
  additionalProperties: { type: 'array', items: { type: 'string' } },
};
const sStaff: Schema = {
  type: 'object',
  required: [
    'id',
    'name',
    'display_name',
    'role',
    'queues',
    'languages',
    'capacity',
    'schedule',
    'disabled',
  ],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    display_name: { type: 'string' },
    role: sRole,
    queues: { type: 'array', items: { type: 'string' } },
    languages: { type: 'array', items: sLanguage },
    capacity: { type: 'integer', minimum: 0 },
    schedule: sHours,
    disabled: { type: 'boolean' },
  },
};
const sLoginResponse: Schema = {
  type: 'object',
  required: ['staff', 'csrf'],
  properties: { staff: sStaff, csrf: { type: 'string' } },
};
const sDecisionKind: Schema = {
  type: 'object',
  required: ['id', 'name_nl', 'name_en', 'unit', 'rule', 'four_eyes', 'adverse', 'limit'],
  properties: {
    id: { type: 'string' },
    name_nl: { type: 'string' },
    name_en: { type: 'string' },
    unit: sDecisionUnit,
    rule: { type: 'string' },
    four_eyes: { type: 'boolean' },
    adverse: { type: 'boolean' },
    limit: { type: 'integer', minimum: 0 },
  },
};
const sFlagKindName: Schema = {
  type: 'object',
  required: ['id', 'name_nl', 'name_en'],
  properties: { id: { type: 'string' }, name_nl: { type: 'string' }, name_en: { type: 'string' } },
};
const sMeResponse: Schema = {
  type: 'object',
  required: ['staff', 'csrf', 'presence', 'decisions', 'flag_kinds'],
  properties: {
    staff: sStaff,
    csrf: { type: 'string' },
    presence: sPresence,
    decisions: { type: 'array', items: sDecisionKind },
    flag_kinds: { type: 'array', items: sFlagKindName },
  },
};
const sSuggestion: Schema = {
  type: 'object',
  required: ['id', 'title', 'url', 'heading', 'passage', 'score'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    url: { type: 'string' },
    heading: { type: 'string' },
    passage: { type: 'string' },
    score: { type: 'number' },
  },
};
const sConversationDetail: Schema = {
  type: 'object',
  required: ['conversation', 'events', 'earlier', 'suggestions'],
  properties: {
    conversation: sInboxItem,
    events: { type: 'array', items: sStaffEvent },
    earlier: { type: 'array', items: sInboxItem },
    suggestions: { type: 'array', items: sSuggestion },
  },
};
const sSuggestionsResponse: Schema = {
  type: 'object',
  required: ['suggestions'],
  properties: { suggestions: { type: 'array', items: sSuggestion } },
};
const sEventResponse: Schema = {
  type: 'object',
  required: ['event'],
  properties: { event: sStaffEvent },
};
const sConversationResponse: Schema = {
  type: 'object',
  required: ['conversation'],
  properties: { conversation: sInboxItem },
};
const sFlagKind: Schema = { type: 'string', enum: ['wrong', 'missing'] };
const sKnowledgeFlag: Schema = {
  type: 'object',
  required: ['id', 'kind', 'article_id', 'conversation_id', 'note', 'by', 'at'],
  properties: {
    id: { type: 'integer' },
    kind: sFlagKind,
    article_id: { type: ['string', 'null'] },
    conversation_id: { type: ['string', 'null'] },
    note: { type: 'string' },
    by: { type: 'string' },
    at: sTime,
  },
};
const sFlagResponse: Schema = {
  type: 'object',
  required: ['flag'],
  properties: { flag: sKnowledgeFlag },
};
const sFlagsResponse: Schema = {
  type: 'object',
  required: ['flags'],
  properties: { flags: { type: 'array', items: sKnowledgeFlag } },
};
const sOverview: Schema = {
  type: 'object',
  required: ['queues', 'agents'],
  properties: {
    queues: { type: 'array', items: sQueueOverview },
    agents: { type: 'array', items: sAgentOverview },
  },
};
const sAgentsResponse: Schema = {
  type: 'object',
  required: ['agents'],
  properties: { agents: { type: 'array', items: sAgentOverview } },
};
const sUsersResponse: Schema = {
  type: 'object',
  required: ['users'],
  properties: { users: { type: 'array', items: sStaff } },
};
const sUserResponse: Schema = { type: 'object', required: ['user'], properties: { user: sStaff } };
const sAdminQueue: Schema = {
  type: 'object',
  required: ['id', 'name_nl', 'name_en', 'topics', 'languages', 'time_zone', 'hours', 'holidays'],
  properties: {
    id: { type: 'string' },
    name_nl: { type: 'string' },
    name_en: { type: 'string' },
    topics: { type: 'array', items: { type: 'string' } },
    languages: { type: 'array', items: sLanguage },
    time_zone: { type: 'string' },
    hours: sHours,
    holidays: sHours,
  },
};
const sQueuesResponse: Schema = {
  type: 'object',
  required: ['queues'],
  properties: { queues: { type: 'array', items: sAdminQueue } },
};
const sQueueResponse: Schema = {
  type: 'object',
  required: ['queue'],
  properties: { queue: sAdminQueue },
};
const sDecisionItem: Schema = {
  type: 'object',
  required: ['conversation_id', 'queue', 'status', 'decision', 'answer'],
  properties: {
    conversation_id: sConversationId,
    queue: { type: 'string' },
    status: { type: 'string', enum: ['taken', 'waiting', 'approved', 'refused', 'expired'] },
    decision: sStaffEvent,
    answer: { anyOf: [{ allOf: [sStaffEvent] }, { type: 'null' }] },
    may_answer: { type: 'boolean' },
    why_not: { type: 'string' },
  },
};
const sApprovalsResponse: Schema = {
  type: 'object',
  required: ['approvals'],
  properties: { approvals: { type: 'array', items: sDecisionItem } },
};
const sDecisionReport: Schema = {
  type: 'object',
  required: ['since', 'rows', 'waiting'],
  properties: {
    since: sTime,
    rows: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'decision',
          'rule',
          'queue',
          'taken',
          'requested',
          'approved',
          'refused',
          'expired',
          'waiting',
          'median_answer_seconds',
        ],
        properties: {
          decision: { type: 'string' },
          rule: { type: 'string' },
          queue: { type: 'string' },
          taken: { type: 'integer', minimum: 0 },
          requested: { type: 'integer', minimum: 0 },
          approved: { type: 'integer', minimum: 0 },
          refused: { type: 'integer', minimum: 0 },
          expired: { type: 'integer', minimum: 0 },
          waiting: { type: 'integer', minimum: 0 },
          median_answer_seconds: { type: ['integer', 'null'] },
        },
      },
    },
    waiting: { type: 'array', items: sDecisionItem },
  },
};
const sFlagFact: Schema = {
  type: 'object',
  required: ['description'],
  properties: {
    event: { type: 'integer', minimum: 1 },
    document: { type: 'string' },
    description: { type: 'string' },
  },
};
const sCustomerFlag: Schema = {
  type: 'object',
  required: [
    'id',
    'customer_ref',
    'conversation_id',
    'kind',
    'facts',
    'raised_by',
    'reason',
    'severity',
    'raised_at',
    'expires_at',
    'status',
    'active',
    'changes',
    'contests',
  ],
  properties: {
    id: { type: 'integer', minimum: 1 },
    customer_ref: { type: ['string', 'null'] },
    conversation_id: sConversationId,
    kind: { type: 'string' },
    facts: { type: 'array', items: sFlagFact },
    raised_by: sStaffRef,
    reason: { type: 'string' },
    severity: { type: 'string', enum: ['low', 'medium', 'high'] },
    raised_at: sTime,
    expires_at: sTime,
    status: { type: 'string', enum: ['unconfirmed', 'confirmed', 'dismissed'] },
    active: { type: 'boolean' },
    changes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['status', 'by', 'reason', 'at'],
        properties: {
          status: { type: 'string', enum: ['unconfirmed', 'confirmed', 'dismissed'] },
          by: sStaffRef,
          reason: { type: 'string' },
          at: sTime,
        },
      },
    },
    contests: {
      type: 'array',
      items: {
        type: 'object',
        required: ['words', 'recorded_by', 'recorded_at', 'stage'],
        properties: {
          words: { type: 'string' },
          words_erased: { type: 'boolean' },
          recorded_by: sStaffRef,
          recorded_at: sTime,
          stage: { type: 'string', enum: ['received', 'upheld', 'rejected'] },
          reviewed_by: sStaffRef,
          reason: { type: 'string' },
          reviewed_at: sTime,
        },
      },
    },
  },
};
const sCustomerFlagResponse: Schema = {
  type: 'object',
  required: ['flag'],
  properties: { flag: sCustomerFlag },
};
const sCustomerFlagsResponse: Schema = {
  type: 'object',
  required: ['flags'],
  properties: { flags: { type: 'array', items: sCustomerFlag } },
};

export const validateCustomerServerFrame =
  /* @__PURE__ */ validator<CustomerServerFrame>(sCustomerServerFrame);
export const validateStaffServerFrame =
  /* @__PURE__ */ validator<StaffServerFrame>(sStaffServerFrame);
export const validateErrorBody = /* @__PURE__ */ validator<ErrorBody>(sErrorBody);
export const validateStartResponse = /* @__PURE__ */ validator<StartResponse>(sStartResponse);
export const validateStatus = /* @__PURE__ */ validator<Status>(sStatus);
export const validateMessagesResponse =
  /* @__PURE__ */ validator<MessagesResponse>(sMessagesResponse);
export const validateOutcome = /* @__PURE__ */ validator<Outcome>(sOutcome);
export const validateChoiceOutcome = /* @__PURE__ */ validator<ChoiceOutcome>(sChoiceOutcome);
export const validateSlotsResponse = /* @__PURE__ */ validator<SlotsResponse>(sSlotsResponse);
export const validateAdvisorStatus = /* @__PURE__ */ validator<AdvisorStatus>(sAdvisorStatus);
export const validateAvailabilityResponse =
  /* @__PURE__ */ validator<AvailabilityResponse>(sAvailabilityResponse);
export const validateLoginResponse = /* @__PURE__ */ validator<LoginResponse>(sLoginResponse);
export const validateMeResponse = /* @__PURE__ */ validator<MeResponse>(sMeResponse);
export const validateConversationDetail =
  /* @__PURE__ */ validator<ConversationDetail>(sConversationDetail);
export const validateSuggestionsResponse =
  /* @__PURE__ */ validator<SuggestionsResponse>(sSuggestionsResponse);
export const validateEventResponse = /* @__PURE__ */ validator<EventResponse>(sEventResponse);
export const validateConversationResponse =
  /* @__PURE__ */ validator<ConversationResponse>(sConversationResponse);
export const validateFlagResponse = /* @__PURE__ */ validator<FlagResponse>(sFlagResponse);
export const validateFlagsResponse = /* @__PURE__ */ validator<FlagsResponse>(sFlagsResponse);
export const validateOverview = /* @__PURE__ */ validator<Overview>(sOverview);
export const validateAgentsResponse = /* @__PURE__ */ validator<AgentsResponse>(sAgentsResponse);
export const validateUsersResponse = /* @__PURE__ */ validator<UsersResponse>(sUsersResponse);
export const validateUserResponse = /* @__PURE__ */ validator<UserResponse>(sUserResponse);
export const validateQueuesResponse = /* @__PURE__ */ validator<QueuesResponse>(sQueuesResponse);
export const validateQueueResponse = /* @__PURE__ */ validator<QueueResponse>(sQueueResponse);
export const validateApprovalsResponse =
  /* @__PURE__ */ validator<ApprovalsResponse>(sApprovalsResponse);
export const validateDecisionReport = /* @__PURE__ */ validator<DecisionReport>(sDecisionReport);
export const validateCustomerFlagResponse =
  /* @__PURE__ */ validator<CustomerFlagResponse>(sCustomerFlagResponse);
export const validateCustomerFlagsResponse =
  /* @__PURE__ */ validator<CustomerFlagsResponse>(sCustomerFlagsResponse);
