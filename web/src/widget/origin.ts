/**
 * The Balie server's origin for the widget's script tag: its `data-balie` attribute when that is
 * an http(s) URL, else the origin of the script's own `src`, else the page's origin.
 */
export function serverOrigin(
  script: { getAttribute(name: string): string | null; src?: string } | null,
  pageOrigin: string,
): string {
  const configured = script?.getAttribute('data-balie')?.trim();
  for (const candidate of [configured, script?.src]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate, pageOrigin);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
    } catch {
      // Not a URL: try the next candidate.
    }
  }
  return pageOrigin;
}
