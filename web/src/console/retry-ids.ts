// One client_id per action: a retry of the same action (the same key) after an error that may not
// have reached Balie sends the same id, so Balie carries it out once; another action gets a new one.

import { isRetryable } from './errors';

export class RetryIds {
  private retry: { key: string; clientId: string } | null = null;

  constructor(private readonly newId: () => string) {}

  /** The client_id for the action `key` names. */
  for(key: string): string {
    if (this.retry?.key === key) return this.retry.clientId;
    this.retry = { key, clientId: this.newId() };
    return this.retry.clientId;
  }

  /** The action ended: done, or refused for good (keep the id only for an error worth retrying). */
  settled(error?: unknown): void {
    if (error === undefined || !isRetryable(error)) this.retry = null;
  }
}
