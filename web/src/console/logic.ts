// The console's small pure rules, apart from the elements so that unit tests can run them.

import type { Language } from '../shared/protocol';
import type { DecisionKind, InboxItem, Suggestion } from '../shared/staff-protocol';

export type Route =
  { page: 'inbox'; conversationId: string | null } | { page: 'supervisor' } | { page: 'admin' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'supervisor') return { page: 'supervisor' };
  if (parts[0] === 'admin') return { page: 'admin' };
  const id = parts[0] === 'inbox' && parts[1] ? decodeURIComponent(parts[1]) : null;
  return { page: 'inbox', conversationId: id };
}

/**
 * The moment of "back at HH:MM": today at that local time, or tomorrow when it has passed.
 * Null for anything that is not a time.
 */
export function backAtFrom(value: string, now: Date = new Date()): string | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  const at = new Date(now);
  at.setHours(hours, minutes, 0, 0);
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  return at.toISOString();
}

/** The passage and its link as inserted into the reply. */
export function insertion(draft: string, suggestion: Suggestion): string {
  const block = `${suggestion.passage.trim()}\n${suggestion.url}`;
  const before = draft.replace(/\s+$/, '');
  return before ? `${before}\n\n${block}` : block;
}

/** Seconds an item has waited now: its `wait_seconds` when the frame came, plus time since. */
export function waitedSeconds(item: InboxItem, receivedAt: number, now: number): number | null {
  if (typeof item.wait_seconds !== 'number') return null;
  return item.wait_seconds + Math.max(0, (now - receivedAt) / 1000);
}

/** Queue names by queue id, in the console's language (from `GET /api/v1/availability`). */
export type QueueNames = ReadonlyMap<string, string>;

export function queueNamesOf(queues: readonly { id: string; name: string }[]): QueueNames {
  return new Map(queues.filter((q) => q.id && q.name).map((q) => [q.id, q.name]));
}

/**
 * A queue's name in the console's language: the staff API names queues in Dutch (`name`), the
 * availability API in the language asked for; the latter wins, the former is the fallback.
 */
export function queueLabel(queue: unknown, names: QueueNames): string | undefined {
  if (typeof queue === 'string') return names.get(queue) ?? queue;
  if (typeof queue !== 'object' || queue === null) return undefined;
  const q = queue as { id?: unknown; name?: unknown };
  const translated = typeof q.id === 'string' ? names.get(q.id) : undefined;
  return translated ?? (typeof q.name === 'string' ? q.name : undefined);
}

/** One notice for the conversations assigned to this agent and not opened yet, oldest first. */
export interface AssignedNotice {
  conversationIds: string[];
}

/** The notice after another assignment: the same notice, one more (not a pile of notices). */
export function noticeAssigned(notice: AssignedNotice | null, id: string): AssignedNotice {
  const ids = notice?.conversationIds ?? [];
  return { conversationIds: ids.includes(id) ? ids : [...ids, id] };
}

/** The notice after a conversation was opened (or dismissed): without it; null when empty. */
export function noticeOpened(notice: AssignedNotice | null, id: string): AssignedNotice | null {
  if (!notice) return null;
  const ids = notice.conversationIds.filter((c) => c !== id);
  return ids.length > 0 ? { conversationIds: ids } : null;
}

/** Holidays as lines "2026-12-24 08:00-17:00" ("2026-12-25" alone: closed all day). */
export function holidaysText(holidays: Record<string, string[]> | undefined): string {
  return Object.entries(holidays ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, ranges]) => [date, ...ranges].join(' '))
    .join('\n');
}

/** The lines of holidaysText back into date → ranges (Balie checks what they say). */
export function parseHolidays(text: string): Record<string, string[]> {
  const holidays: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const [date, ...ranges] = line
      .split(/[\s,]+/)
      .map((part) => part.trim())
      .filter(Boolean);
    if (date) holidays[date] = ranges;
  }
  return holidays;
}

/** The fields of a decision event the console reads (StaffEvent of kind decision). */
export interface DecisionFields {
  decision_id?: string;
  unit?: string;
  amount?: number;
}

/**
 * An amount in words of its unit: cents as euros ("€ 25,00" / "€25.00"), days ("14 dagen" /
 * "14 days"); an exception has no amount (empty).
 */
export function amountText(unit: string | undefined, amount: number, language: Language): string {
  if (unit === 'euro') {
    return new Intl.NumberFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
      style: 'currency',
      currency: 'EUR',
    }).format(amount / 100);
  }
  if (unit === 'days') {
    return language === 'nl'
      ? `${amount} ${amount === 1 ? 'dag' : 'dagen'}`
      : `${amount} ${amount === 1 ? 'day' : 'days'}`;
  }
  return '';
}

/** A decision's name (in `language`, from the configured kinds) and amount: "Kosten kwijtschelden, € 25,00". */
export function decisionWhat(
  kinds: readonly DecisionKind[],
  event: DecisionFields,
  language: Language,
): string {
  const kind = kinds.find((k) => k.id === event.decision_id);
  const name = kind ? (language === 'nl' ? kind.name_nl : kind.name_en) : (event.decision_id ?? '');
  const amount = amountText(event.unit ?? kind?.unit, event.amount ?? 0, language);
  return amount ? `${name}, ${amount}` : name;
}

/**
 * The amount typed in the decision form in the unit's whole numbers: euros ("12,50", "12.50",
 * "€ 12") as cents, days as days, an exception as 1; null for anything else or 0 and below.
 */
export function parseAmount(unit: string, text: string): number | null {
  if (unit === 'exception') return 1;
  const cleaned = text.replace(/[€\s]/g, '');
  if (unit === 'days') {
    return /^\d{1,6}$/.test(cleaned) && Number(cleaned) > 0 ? Number(cleaned) : null;
  }
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return cents > 0 ? cents : null;
}

/** A kind of flag about customers by its name in `language`; its id when it is not configured. */
export function flagKindName(
  kinds: readonly { id: string; name_nl: string; name_en: string }[],
  id: string,
  language: Language,
): string {
  const kind = kinds.find((k) => k.id === id);
  return kind ? (language === 'nl' ? kind.name_nl : kind.name_en) : id;
}
