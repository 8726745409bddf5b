import { describe, expect, it } from 'vitest';
import { formatDuration, isoDuration, slotsByDay } from './format';

describe('formatDuration', () => {
  it('reads like a ticking clock, in both languages', () => {
    expect(formatDuration(0, 'nl')).toBe('0 s');
    expect(formatDuration(45.9, 'nl')).toBe('45 s');
    expect(formatDuration(245, 'nl')).toBe('4 min 05 s');
    expect(formatDuration(3720, 'nl')).toBe('1 u 02 min');
    expect(formatDuration(3720, 'en')).toBe('1 h 02 min');
    expect(formatDuration(-5, 'en')).toBe('0 s');
    expect(formatDuration(Number.NaN, 'en')).toBe('0 s');
  });
});

describe('isoDuration', () => {
  it('writes ISO 8601 durations for <time datetime>', () => {
    expect(isoDuration(0)).toBe('PT0S');
    expect(isoDuration(245)).toBe('PT4M5S');
    expect(isoDuration(3600)).toBe('PT1H');
  });
});

describe('slotsByDay', () => {
  const slot = (start: string, end: string) => ({ start, end });
  it('groups times by their day, in order, each time only the hours', () => {
    const days = slotsByDay(
      [
        slot('2026-11-30T07:00:00Z', '2026-11-30T07:15:00Z'),
        slot('2026-11-30T07:15:00Z', '2026-11-30T07:30:00Z'),
        slot('2026-12-01T08:00:00Z', '2026-12-01T08:15:00Z'),
      ],
      'nl',
      'Europe/Amsterdam',
    );
    expect(days.map((d) => d.day)).toEqual(['maandag 30 november', 'dinsdag 1 december']);
    expect(days[0]!.slots.map((s) => s.time)).toEqual(['08:00–08:15', '08:15–08:30']);
    expect(days[1]!.slots[0]!.slot.start).toBe('2026-12-01T08:00:00Z');
    expect(slotsByDay([slot('2026-12-01T08:00:00Z', 'x')], 'en', 'Europe/Amsterdam')).toEqual([
      {
        day: 'Tuesday 1 December',
        slots: [{ slot: slot('2026-12-01T08:00:00Z', 'x'), time: '09:00' }],
      },
    ]);
    expect(slotsByDay([slot('nonsense', 'x')], 'en')).toEqual([]);
  });
});
