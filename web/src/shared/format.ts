// Dates and times as people read them, in Dutch and English (Intl, the browser's time zone unless
// one is given). Shared by the widget and the console.

import type { Language } from './protocol';

/** The BCP 47 locale used to format dates and times in a language. */
export function localeOf(language: Language): string {
  return language === 'en' ? 'en-GB' : 'nl-NL';
}

/** "dinsdag 24 november 10:00–10:30" (the end's date is left out when it is the same day). */
export function formatSlot(
  slot: { start: string; end: string },
  language: Language,
  timeZone?: string,
): string {
  const start = new Date(slot.start);
  const end = new Date(slot.end);
  if (Number.isNaN(start.getTime())) return slot.start;
  const zone = timeZone ? { timeZone } : {};
  const day = new Intl.DateTimeFormat(localeOf(language), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...zone,
  }).format(start);
  const time = new Intl.DateTimeFormat(localeOf(language), {
    hour: '2-digit',
    minute: '2-digit',
    ...zone,
  });
  const range = Number.isNaN(end.getTime())
    ? time.format(start)
    : `${time.format(start)}–${time.format(end)}`;
  return language === 'en' ? `${day}, ${range}` : `${day} ${range}`;
}

/** "dinsdag 24 november om 08:30" / "Tuesday 24 November at 08:30". */
export function formatMoment(iso: string, language: Language, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = timeZone ? { timeZone } : {};
  const day = new Intl.DateTimeFormat(localeOf(language), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...zone,
  }).format(date);
  const time = new Intl.DateTimeFormat(localeOf(language), {
    hour: '2-digit',
    minute: '2-digit',
    ...zone,
  }).format(date);
  return language === 'en' ? `${day} at ${time}` : `${day} om ${time}`;
}

/**
 * Where the clock of `timeZone` differs from the browser's now: the zone's name in `language`
 * ("Midden-Europese standaardtijd") and its city ("Amsterdam"), to say which times are shown.
 * Null where both clocks read the same.
 */
export function zoneNote(
  timeZone: string,
  language: Language,
  now: Date = new Date(),
): { name: string; city: string } | null {
  try {
    const clock = (zone?: string) =>
      new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        ...(zone ? { timeZone: zone } : {}),
      }).format(now);
    if (clock(timeZone) === clock()) return null;
    const name =
      new Intl.DateTimeFormat(localeOf(language), { timeZone, timeZoneName: 'long' })
        .formatToParts(now)
        .find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
    const city = (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
    return { name, city };
  } catch {
    return null; // a zone this browser does not know: its own clock is all it can show
  }
}

/** "09:30": the time of a message. */
export function formatClock(iso: string, language: Language, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(localeOf(language), {
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

/**
 * A wait as a ticking clock reads: "45 s", "4 min 05 s", "1 u 02 min" ("1 h 02 min" in English).
 * Negative or non-finite seconds read as "0 s".
 */
export function formatDuration(seconds: number, language: Language): string {
  const total = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (hours > 0) return `${hours} ${language === 'en' ? 'h' : 'u'} ${pad(minutes)} min`;
  if (minutes > 0) return `${minutes} min ${pad(rest)} s`;
  return `${rest} s`;
}

/** The ISO 8601 duration of a number of seconds, for `<time datetime>`: "PT4M5S". */
export function isoDuration(seconds: number): string {
  const total = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${rest || total === 0 ? `${rest}S` : ''}`;
}

/** One day of callback times: the day in words and that day's times ("08:00–08:15"). */
export interface SlotDay<S extends { start: string; end: string }> {
  /** "maandag 30 november" / "Monday 30 November". */
  day: string;
  slots: { slot: S; time: string }[];
}

/**
 * Callback times grouped by their day (in the order given), so that a customer picks a day and
 * then a time instead of reading a long list in which every line repeats the date.
 */
export function slotsByDay<S extends { start: string; end: string }>(
  slots: readonly S[],
  language: Language,
  timeZone?: string,
): SlotDay<S>[] {
  const zone = timeZone ? { timeZone } : {};
  const dayFormat = new Intl.DateTimeFormat(localeOf(language), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...zone,
  });
  const timeFormat = new Intl.DateTimeFormat(localeOf(language), {
    hour: '2-digit',
    minute: '2-digit',
    ...zone,
  });
  const days: SlotDay<S>[] = [];
  for (const slot of slots) {
    const start = new Date(slot.start);
    const end = new Date(slot.end);
    if (Number.isNaN(start.getTime())) continue;
    const day = dayFormat.format(start);
    const time = Number.isNaN(end.getTime())
      ? timeFormat.format(start)
      : `${timeFormat.format(start)}–${timeFormat.format(end)}`;
    const last = days[days.length - 1];
    if (last && last.day === day) last.slots.push({ slot, time });
    else days.push({ day, slots: [{ slot, time }] });
  }
  return days;
}
