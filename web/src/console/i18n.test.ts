import { describe, expect, it } from 'vitest';
import { languageOfBrowser, texts } from './i18n';

describe('console texts', () => {
  it('has every text in both languages, none empty', () => {
    const nl = texts('nl');
    const en = texts('en');
    const keys = (value: object): string[] =>
      Object.entries(value).flatMap(([key, v]) =>
        typeof v === 'object' && v !== null ? keys(v).map((k) => `${key}.${k}`) : [key],
      );
    expect(keys(nl).sort()).toEqual(keys(en).sort());
    for (const [key, value] of Object.entries(en)) {
      if (typeof value === 'string') expect(value.length, key).toBeGreaterThan(0);
    }
  });

  it('says Retry-After in words', () => {
    expect(texts('nl').loginLimited(30)).toContain('30 seconden');
    expect(texts('nl').loginLimited(1)).toContain('1 seconde ');
    expect(texts('en').loginLimited(null)).toContain('a minute');
  });
});

describe('languageOfBrowser', () => {
  it('takes the first Dutch or English preference, Dutch when there is none', () => {
    expect(languageOfBrowser(['en-GB', 'nl'])).toBe('en');
    expect(languageOfBrowser(['de-DE', 'nl-BE', 'en'])).toBe('nl');
    expect(languageOfBrowser(['fr'])).toBe('nl');
    expect(languageOfBrowser([])).toBe('nl');
    expect(languageOfBrowser(undefined)).toBe('nl');
  });
});
