import { describe, expect, it } from 'vitest';
import { languageOfBrowser, reasonText, texts } from './i18n';

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

  it('says why a person is needed in its own language, the engine words where the code is unknown', () => {
    const item = { reason: 'the customer asked for a person', reason_code: 'customer_request' };
    expect(reasonText(texts('nl'), item)).toBe('De klant koos voor een medewerker.');
    expect(reasonText(texts('en'), item)).toBe('The customer chose to talk to a person.');
    expect(reasonText(texts('nl'), { ...item, reason_code: 'something_new' })).toBe(item.reason);
    expect(reasonText(texts('nl'), { reason: 'old event', reason_code: '' })).toBe('old event');
    expect(reasonText(texts('nl'), { reason: '', reason_code: 'toString' })).toBe('');
  });

  it('says who made a choice: the customer, a member of staff or Balie', () => {
    expect(texts('nl').choice('terugbellen', 'customer')).toBe('De klant koos: terugbellen.');
    expect(texts('nl').choice('terugbellen', 'agent')).toBe('Een medewerker koos: terugbellen.');
    expect(texts('en').choice('keep waiting', 'system')).toBe('Balie chose: keep waiting.');
    expect(texts('nl').recordedBySystem).toMatch(/^Balie heeft de vraag vastgelegd/);
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
