import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from './links';

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
