import { describe, expect, it } from 'vitest';
import { linkParts, safeHttpUrl, urlBreaks } from './links';

describe('safeHttpUrl', () => {
  it('accepts absolute http and https URLs', () => {
    expect(safeHttpUrl('https://www.voorbeeldbank.nl/betalen/pas-blokkeren')).toBe(
      'https://www.voorbeeldbank.nl/betalen/pas-blokkeren',
    );
    expect(safeHttpUrl('http://example.org')).toBe('http://example.org/');
  });

  it('refuses other schemes, relative URLs and non-strings', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'ftp://example.org/file',
      '/relative/path',
      '//example.org/protocol-relative',
      '',
      null,
      42,
    ]) {
      expect(safeHttpUrl(bad), String(bad)).toBeNull();
    }
  });
});

describe('linkParts', () => {
  it('makes http(s) URLs in a message links, the rest text', () => {
    const text =
      'Blokkeer uw pas meteen in de app.\nhttps://www.voorbeeldbank.nl/betalen/pas-blokkeren';
    expect(linkParts(text)).toEqual([
      { text: 'Blokkeer uw pas meteen in de app.\n' },
      {
        text: 'https://www.voorbeeldbank.nl/betalen/pas-blokkeren',
        href: 'https://www.voorbeeldbank.nl/betalen/pas-blokkeren',
      },
    ]);
  });

  it('leaves punctuation after a URL as text, but a balanced parenthesis in it', () => {
    expect(linkParts('Zie https://x.nl/a. Of (https://x.nl/b), ja?')).toEqual([
      { text: 'Zie ' },
      { text: 'https://x.nl/a', href: 'https://x.nl/a' },
      { text: '. Of (' },
      { text: 'https://x.nl/b', href: 'https://x.nl/b' },
      { text: '), ja?' },
    ]);
    expect(linkParts('https://nl.wikipedia.org/wiki/Bank_(financiën).')).toEqual([
      {
        text: 'https://nl.wikipedia.org/wiki/Bank_(financiën)',
        href: 'https://nl.wikipedia.org/wiki/Bank_(financi%C3%ABn)',
      },
      { text: '.' },
    ]);
  });

  it('never links other schemes or HTML: they stay text', () => {
    for (const text of [
      'javascript:alert(1)',
      'klik <a href="javascript:alert(1)">hier</a>',
      'data:text/html,<script>alert(1)</script>',
      'ftp://example.org/file',
      'www.voorbeeldbank.nl',
      '',
    ]) {
      const parts = linkParts(text);
      expect(
        parts.every((p) => !('href' in p)),
        text,
      ).toBe(true);
      expect(parts.map((p) => p.text).join(''), text).toBe(text);
    }
    expect(linkParts('"https://x.nl/a"><script>')).toEqual([
      { text: '"' },
      { text: 'https://x.nl/a', href: 'https://x.nl/a' },
      { text: '"><script>' },
    ]);
  });
});

describe('urlBreaks', () => {
  it('splits a URL after its slashes and query marks, never inside a word', () => {
    expect(urlBreaks('https://www.voorbeeldbank.nl/service/contact')).toEqual([
      'https://',
      'www.voorbeeldbank.nl/',
      'service/',
      'contact',
    ]);
    expect(urlBreaks('https://x.nl/a?b=c&d=e').join('')).toBe('https://x.nl/a?b=c&d=e');
    expect(urlBreaks('https://x.nl/a?b=c&d=e')).toEqual([
      'https://',
      'x.nl/',
      'a?',
      'b=',
      'c&',
      'd=',
      'e',
    ]);
  });
});
