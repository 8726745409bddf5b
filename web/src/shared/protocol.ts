// The customer API of Balie: the HTTP bodies and the WebSocket frames of docs/api.md, as their
// types generated from docs/openapi.yaml (generated/wire.ts) and the checks of what Balie sends
// (generated/wire-validate.ts). Shared by every client (the widget, the staff console). Only
// types and small pure guards live here; no I/O.

import type {
  AdvisorStatus,
  AvailabilityResponse,
  BotReplyEvent,
  QueueAvailability,
  ChooseFrame,
  CustomerServerFrame as ServerFrame,
  HandoffFrame,
  Language,
  MessageFrame,
  Status,
  StatusFrame,
} from './generated/wire';
import { validateAdvisorStatus, validateCustomerServerFrame } from './generated/wire-validate';

export type { Language } from './generated/wire';

export const LANGUAGES: readonly Language[] = ['nl', 'en'];

export function isLanguage(value: unknown): value is Language {
  return value === 'nl' || value === 'en';
}

export type {
  AdvisorOption,
  AdvisorState,
  AdvisorStatus,
  AgentMessageEvent,
  Author,
  BotReplyEvent,
  ChoiceEvent,
  ChoiceOption,
  ChooseFrame,
  ConversationEvent,
  ConversationState,
  CustomerMessageEvent,
  ErrorBody,
  ErrorFrame,
  EventFrame,
  HandoffEvent,
  HandoffFrame,
  LaterEvent,
  MessageFrame,
  MessagesResponse,
  PongFrame,
  QueueAvailability,
  QueueRef,
  ReceiptFrame,
  SlotsResponse,
  Slot,
  Source,
  StartedEvent,
  StartResponse,
  Status,
  StatusFrame,
  StreamErrorCode,
  TextOnlyEvent,
  TypingFrame,
  CustomerClientFrame as ClientFrame,
  CustomerServerFrame as ServerFrame,
} from './generated/wire';

export type Decision = BotReplyEvent['decision'];

/** How the organisation addresses customers in Dutch: formal "u" or informal "je". */
export type Register = AvailabilityResponse['register'];

/** What GET /api/v1/availability tells a customer before any conversation. */
export interface PublicAvailability {
  /** The queue a hand-off goes to by default; null when there is none. */
  queue: QueueAvailability | null;
  register: Register;
}

/** Frames that change the conversation: they carry a client_id and are answered by a receipt. */
export type DurableFrame = MessageFrame | ChooseFrame | HandoffFrame;

/** Limits of docs/api.md that a client checks before sending. */
export const MAX_TEXT_LENGTH = 4000;
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Error codes after which the same frame may succeed later (resend with the same client_id). */
export function isRetryableError(code: string): boolean {
  return code === 'rate_limited' || code === 'unavailable';
}

/**
 * Parses one text frame from Balie and checks it against docs/openapi.yaml (CustomerServerFrame).
 * Returns null for anything that is not a frame this client can act on (not JSON, an unknown type,
 * a field missing or of the wrong type), so a newer server's additions are ignored rather than
 * crashing the widget; fields it does not know are allowed.
 */
export function parseServerFrame(data: string): ServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  return validateCustomerServerFrame(value) ? value : null;
}

/** Strips the `type` of a status frame, leaving the status object. */
export function statusOf(frame: StatusFrame): Status {
  const { type: _type, ...status } = frame;
  return status;
}

/** The advisor answer, checked against docs/openapi.yaml; null when it is not one. */
export function parseAdvisor(value: unknown): AdvisorStatus | null {
  return validateAdvisorStatus(value) ? value : null;
}
