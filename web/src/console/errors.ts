// What to tell a staff member when Balie refused an action or could not be reached.

import { StaffHttpError } from '../shared/staff-client';
import type { Texts } from './i18n';

/** A sentence for an error of an action, in the console's language (with Balie's own words for
 * a 400, which say what was wrong). */
export function errorText(t: Texts, error: unknown): string {
  if (!(error instanceof StaffHttpError)) return t.errors.generic;
  switch (error.status) {
    case 0:
      return t.errors.network;
    case 400:
    case 413:
      return `${t.errors.bad_request} ${error.message}`;
    case 403:
      return t.errors.forbidden;
    case 404:
      return t.errors.not_found;
    case 409:
      return t.errors.conflict;
    case 429:
      return t.errors.rate_limited(error.retryAfter);
    case 503:
      return t.errors.network;
    default:
      return t.errors.generic;
  }
}

/** Whether the same action may succeed when retried unchanged (keep its client_id). */
export function isRetryable(error: unknown): boolean {
  return (
    error instanceof StaffHttpError &&
    (error.status === 0 || error.status === 429 || error.status >= 500)
  );
}
