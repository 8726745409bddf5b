import { describe, expect, it } from 'vitest';
import { serverOrigin } from './origin';

const script = (attrs: Record<string, string>, src = '') => ({
  getAttribute: (name: string) => attrs[name] ?? null,
  src,
});

describe('serverOrigin', () => {
  const page = 'https://www.voorbeeldbank.nl';

  it('uses data-balie when it is an http(s) URL', () => {
    expect(
      serverOrigin(
        script({ 'data-balie': 'https://chat.voorbeeldbank.nl/' }, 'https://cdn.example/w.js'),
        page,
      ),
    ).toBe('https://chat.voorbeeldbank.nl');
    expect(serverOrigin(script({ 'data-balie': 'http://127.0.0.1:8080/x' }), page)).toBe(
      'http://127.0.0.1:8080',
    );
  });

  it("falls back to the script's own origin when data-balie is empty, absent or not http(s)", () => {
    const src = 'https://chat.voorbeeldbank.nl/widget.js';
    expect(serverOrigin(script({ 'data-balie': '' }, src), page)).toBe(
      'https://chat.voorbeeldbank.nl',
    );
    expect(serverOrigin(script({}, src), page)).toBe('https://chat.voorbeeldbank.nl');
    expect(serverOrigin(script({ 'data-balie': 'javascript:alert(1)' }, src), page)).toBe(
      'https://chat.voorbeeldbank.nl',
    );
  });

  it("falls back to the page's origin without a script", () => {
    expect(serverOrigin(null, page)).toBe(page);
    expect(serverOrigin(script({}), page)).toBe(page);
  });
});
