import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the base and stays within [ceiling/2, ceiling]', () => {
    expect(backoffDelay(0, { random: () => 0 })).toBe(250);
    expect(backoffDelay(0, { random: () => 0.999999 })).toBe(500);
    expect(backoffDelay(3, { random: () => 0 })).toBe(2000);
    expect(backoffDelay(3, { random: () => 0.999999 })).toBe(4000);
  });

  it('is capped at maxMs, also for huge attempt numbers', () => {
    expect(backoffDelay(100, { random: () => 0.999999 })).toBe(30_000);
    expect(backoffDelay(5, { baseMs: 1000, maxMs: 5000, random: () => 0 })).toBe(2500);
  });
});
