/** Reconnect and resend delays: exponential with jitter, so many clients do not retry in step. */
export interface BackoffOptions {
  /** Delay of the first retry, in milliseconds (before jitter). */
  baseMs?: number;
  /** Upper bound of any delay, in milliseconds. */
  maxMs?: number;
  /** A number in [0, 1); Math.random by default. */
  random?: () => number;
}

/**
 * The delay before retry number `attempt` (0 = first retry): half of min(max, base * 2^attempt)
 * plus a random part of up to the other half ("equal jitter": never zero, never above the cap).
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
