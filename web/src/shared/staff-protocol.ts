// The staff API of Balie: the HTTP bodies and the console's WebSocket frames of
// docs/staff-api.md, as their types generated from docs/openapi.yaml (generated/wire.ts) and the
// checks of what Balie sends (generated/wire-validate.ts). Used by the agent console; only types
// and small pure guards, no I/O.

import type {
  Overview,
  OverviewFrame,
  Presence,
  PresenceFrame,
  Role,
  StaffServerFrame,
} from './generated/wire';
import { validateStaffServerFrame } from './generated/wire-validate';

export type { Role } from './generated/wire';

const ROLE_RANK: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2 };

/** Whether `role` includes `needed` (agent < supervisor < admin). */
export function hasRole(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && ROLE_RANK[role] >= ROLE_RANK[needed];
}

export function isRole(value: unknown): value is Role {
  return value === 'agent' || value === 'supervisor' || value === 'admin';
}

export type {
  AdminQueue,
  AgentOverview,
  AssignedFrame,
  CallbackOutcome,
  ConversationDetail,
  CustomerFlag,
  DecisionItem,
  DecisionKind,
  DecisionReport,
  DecisionRequest,
  FlagKind,
  FlagKindName,
  FlagRaiseRequest,
  Inbox,
  InboxFrame,
  InboxItem,
  KnowledgeFlag,
  LoginResponse,
  MeResponse,
  NewUser,
  Overview,
  OverviewFrame,
  Presence,
  PresenceFrame,
  PresenceState,
  QueueAvailability,
  QueueChanges,
  QueueOverview,
  ServiceLevel,
  Staff,
  StaffClientFrame,
  StaffErrorFrame,
  StaffEvent,
  StaffEventFrame,
  StaffServerFrame,
  StaffTypingFrame,
  Suggestion,
  UserChanges,
} from './generated/wire';

/**
 * Parses one text frame of the console's stream and checks it against docs/openapi.yaml
 * (StaffServerFrame). Returns null for anything this console cannot act on (not JSON, an unknown
 * type, a field missing or of the wrong type), so additions of a newer server are ignored; fields
 * it does not know are allowed.
 */
export function parseStaffFrame(data: string): StaffServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  return validateStaffServerFrame(value) ? value : null;
}

/** The presence part of a presence frame. */
export function presenceOf(frame: PresenceFrame): Presence {
  return frame.presence;
}

/** The overview part of an overview frame. */
export function overviewOf(frame: OverviewFrame): Overview {
  const { type: _type, ...overview } = frame;
  return overview;
}
