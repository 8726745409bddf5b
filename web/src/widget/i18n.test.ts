import { describe, expect, it } from 'vitest';
import {
  choiceLine,
  formatClock,
  formatMoment,
  formatSlot,
  languageOfPage,
  latestChoice,
  normalisePhone,
  texts,
} from './i18n';

describe('languageOfPage', () => {
  it('follows an English <html lang>, and is Dutch otherwise', () => {
    expect(languageOfPage('en')).toBe('en');
    expect(languageOfPage('en-GB')).toBe('en');
    expect(languageOfPage(' EN-us ')).toBe('en');
    expect(languageOfPage('nl')).toBe('nl');
    expect(languageOfPage('de')).toBe('nl');
    expect(languageOfPage('')).toBe('nl');
    expect(languageOfPage(null)).toBe('nl');
  });
});

/** Every text of a table, functions called with sample arguments. */
function allTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') {
    return [String((value as (...args: unknown[]) => unknown)('Sanne', 'Sanne', 'Sanne', 'Sanne'))];
  }
  if (value && typeof value === 'object') return Object.values(value).flatMap(allTexts);
  return [];
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-zà-ÿ]+/u);
}

describe('texts in the organisation’s register', () => {
  it('says "je" throughout where the organisation does, "u" otherwise', () => {
    const formal = allTexts(texts('nl'));
    const informal = allTexts(texts('nl', 'je'));
    for (const text of informal) {
      expect(
        words(text).filter((w) => w === 'u' || w === 'uw'),
        text,
      ).toEqual([]);
    }
    for (const text of formal) {
      expect(
        words(text).filter((w) => ['je', 'jij', 'jou', 'jouw'].includes(w)),
        text,
      ).toEqual([]);
    }
    expect(texts('nl', 'je').howToContinue).toBe('Hoe wil je verder?');
    expect(texts('nl', 'u').howToContinue).toBe('Hoe wilt u verder?');
    expect(texts('en', 'je')).toBe(texts('en', 'u'));
  });
});

describe('texts', () => {
  it('has every text in both languages, none empty', () => {
    const nl = texts('nl');
    const en = texts('en');
    expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(en)) {
      if (typeof value === 'string') expect(value.length, key).toBeGreaterThan(0);
    }
    expect(nl.launcherOpen).not.toBe(en.launcherOpen);
  });

  it('says wait times in words', () => {
    expect(texts('nl').waitMinutes(30)).toBe('minder dan een minuut');
    expect(texts('nl').waitMinutes(240)).toBe('ongeveer 4 minuten');
    expect(texts('nl').waitMinutes(4200)).toBe('ongeveer 1 uur en 10 minuten');
    expect(texts('en').waitMinutes(60)).toBe('about 1 minute');
    expect(texts('en').waitMinutes(7200)).toBe('about 2 hours');
  });
});

describe('date formatting', () => {
  const slot = { start: '2026-11-24T09:00:00Z', end: '2026-11-24T09:30:00Z' };

  it('formats a slot in the customer language', () => {
    expect(formatSlot(slot, 'nl', 'Europe/Amsterdam')).toBe('dinsdag 24 november 10:00–10:30');
    // ICU versions differ on the comma after the weekday (Node 18's ICU 72 writes one).
    expect(formatSlot(slot, 'en', 'Europe/Amsterdam')).toMatch(
      /^Tuesday,? 24 November, 10:00–10:30$/,
    );
  });

  it('formats moments and clock times, and passes through what it cannot parse', () => {
    expect(formatMoment('2026-11-25T07:30:00Z', 'nl', 'Europe/Amsterdam')).toBe(
      'woensdag 25 november om 08:30',
    );
    expect(formatMoment('2026-11-25T07:30:00Z', 'en', 'Europe/Amsterdam')).toMatch(
      /^Wednesday,? 25 November at 08:30$/,
    );
    expect(formatClock('2026-07-01T12:05:00Z', 'nl', 'Europe/Amsterdam')).toBe('14:05');
    expect(formatMoment('soon', 'nl')).toBe('soon');
    expect(formatClock('never', 'nl')).toBe('');
  });
});

describe('normalisePhone', () => {
  it('accepts Dutch and international numbers', () => {
    expect(normalisePhone('06 12345678')).toBe('06 12345678');
    expect(normalisePhone(' +31  20 123 45 67 ')).toBe('+31 20 123 45 67');
    expect(normalisePhone('(020) 123-4567')).toBe('(020) 123-4567');
  });

  it('refuses what is not a phone number', () => {
    for (const bad of [
      '',
      '12345',
      'bel me',
      '06-1234567a',
      '+31 6 1234 5678 9012 34',
      '0+612345678',
    ]) {
      expect(normalisePhone(bad), bad).toBeNull();
    }
  });
});

describe('choiceLine', () => {
  const when = () => 'maandag 30 november 08:00–08:15';
  const base = { kind: 'choice' as const, seq: 5, at: '2026-11-29T02:00:00Z' };

  it('says Balie recorded the question when it did so itself, never "you chose"', () => {
    const event = {
      ...base,
      author: 'system' as const,
      option: 'leave_message' as const,
      by: 'system' as const,
    };
    expect(choiceLine(texts('nl'), event, when)).toBe(
      'Uw vraag is vastgelegd; een medewerker antwoordt hier later.',
    );
    expect(choiceLine(texts('en'), event, when)).toBe(
      'Your question has been recorded; a staff member will reply here later.',
    );
    expect(choiceLine(texts('nl'), event, when)).not.toMatch(/koos|keuze/);
    expect(choiceLine(texts('nl'), { ...event, option: 'wait' }, when)).toBe(
      'Vastgelegd: blijven wachten.',
    );
  });

  it('says what the customer chose, and a callback that staff booked as staff’s', () => {
    const chose = {
      ...base,
      author: 'customer' as const,
      option: 'leave_message' as const,
      by: 'customer' as const,
    };
    expect(choiceLine(texts('nl'), chose, when)).toBe('U koos: vraag achterlaten.');
    const booked = {
      ...base,
      author: 'agent' as const,
      option: 'callback' as const,
      by: 'agent' as const,
      slot: { start: '2026-11-30T07:00:00Z', end: '2026-11-30T07:15:00Z' },
    };
    expect(choiceLine(texts('nl'), booked, when)).toBe(
      'Een medewerker heeft een terugbelafspraak voor u gemaakt: maandag 30 november 08:00–08:15.',
    );
    const { slot: _slot, ...unbooked } = booked;
    expect(choiceLine(texts('en'), unbooked, when)).toBe(
      'A staff member chose for you: book a callback.',
    );
    expect(choiceLine(texts('en'), { ...booked, by: 'customer' }, when)).toBe(
      'You chose a callback, maandag 30 november 08:00–08:15.',
    );
  });
});

describe('latestChoice', () => {
  it('is the last choice and who made it; the author when an older server sends no `by`', () => {
    expect(latestChoice([{ kind: 'started' }])).toBeNull();
    expect(
      latestChoice([
        { kind: 'choice', option: 'wait', author: 'customer' },
        { kind: 'handoff' },
        { kind: 'choice', option: 'leave_message', author: 'system', by: 'system' },
      ] as never[]),
    ).toEqual({ option: 'leave_message', by: 'system' });
    expect(
      latestChoice([{ kind: 'choice', option: 'callback', author: 'agent' }] as never[]),
    ).toEqual({ option: 'callback', by: 'agent' });
  });
});
