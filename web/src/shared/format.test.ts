import { describe, expect, it } from 'vitest';
import { formatDuration, isoDuration } from './format';

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
