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

/** A piece of a message: plain text, or an http(s) link to show as one. */
export type TextPart = { text: string } | { text: string; href: string };

// A candidate URL: http(s):// and everything up to white space or a character that cannot end
// or be in a URL written in running text.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence rather than the URL ("see https://x.nl/a." or "(https://x)").
const TRAILING = /[.,;:!?)\]}'"»”’]+$/;

/**
 * Splits a message into text and links: only absolute http(s) URLs become links (as
 * `safeHttpUrl` says), so `javascript:` and the like stay text. Punctuation after a URL stays
 * text; a closing parenthesis is kept in the URL when the URL opened one.
 */
export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    let candidate = match[0];
    const trailing = TRAILING.exec(candidate)?.[0] ?? '';
    candidate = candidate.slice(0, candidate.length - trailing.length);
    // "https://nl.wikipedia.org/wiki/Bank_(financiën)": keep a balanced closing parenthesis.
    let rest = trailing;
    while (rest.startsWith(')') && count(candidate, '(') > count(candidate, ')')) {
      candidate += ')';
      rest = rest.slice(1);
    }
    const href = safeHttpUrl(candidate);
    if (!href) continue;
    const start = match.index ?? 0;
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ text: candidate, href });
    at = start + candidate.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/**
 * A URL's text in pieces after which a line may break ("https://", "www.example.nl/", "betalen/",
 * "pas-blokkeren"): rendered with <wbr> between them, a long link wraps at a slash, not mid-word.
 */
export function urlBreaks(url: string): string[] {
  return url.split(/(?<=[/?&=#](?![/]))/).filter((piece) => piece.length > 0);
}
