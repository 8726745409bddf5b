/**
 * Returns the URL if it is an absolute http(s) URL, else null. Only such URLs are rendered as
 * links: `javascript:`, `data:` and the like are shown as plain text, never made clickable.
 */
export function safeHttpUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 2048) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
}
