import { describe, expect, it } from 'vitest';
import type { InboxItem } from '../shared/staff-protocol';
import {
  amountText,
  decisionWhat,
  parseAmount,
  backAtFrom,
  holidaysText,
  insertion,
  noticeAssigned,
  noticeOpened,
  parseHolidays,
  parseRoute,
  queueLabel,
  queueNamesOf,
  waitedSeconds,
} from './logic';

describe('parseRoute', () => {
  it('reads the page and the open conversation from the hash', () => {
    expect(parseRoute('')).toEqual({ page: 'inbox', conversationId: null });
    expect(parseRoute('#/inbox')).toEqual({ page: 'inbox', conversationId: null });
    expect(parseRoute('#/inbox/c%2F1')).toEqual({ page: 'inbox', conversationId: 'c/1' });
    expect(parseRoute('#/supervisor')).toEqual({ page: 'supervisor' });
    expect(parseRoute('#/admin')).toEqual({ page: 'admin' });
    expect(parseRoute('#/nonsense')).toEqual({ page: 'inbox', conversationId: null });
  });
});

describe('backAtFrom', () => {
  it('is today at that time, or tomorrow when the time has passed', () => {
    const now = new Date(2026, 10, 24, 12, 0, 0);
    expect(backAtFrom('14:30', now)).toBe(new Date(2026, 10, 24, 14, 30).toISOString());
    expect(backAtFrom('09:15', now)).toBe(new Date(2026, 10, 25, 9, 15).toISOString());
    expect(backAtFrom('25:00', now)).toBeNull();
    expect(backAtFrom('soon', now)).toBeNull();
  });
});

describe('insertion', () => {
  const suggestion = {
    id: 'pas-blokkeren',
    title: 'Pas kwijt',
    url: 'https://www.voorbeeldbank.nl/pas-blokkeren',
    heading: 'Blokkeren',
    passage: ' Blokkeer je pas in de app. ',
    score: 0.9,
  };

  it('puts the passage and its link into the reply, after what is there', () => {
    expect(insertion('', suggestion)).toBe(
      'Blokkeer je pas in de app.\nhttps://www.voorbeeldbank.nl/pas-blokkeren',
    );
    expect(insertion('Goedemorgen,  \n', suggestion)).toBe(
      'Goedemorgen,\n\nBlokkeer je pas in de app.\nhttps://www.voorbeeldbank.nl/pas-blokkeren',
    );
  });
});

describe('waitedSeconds', () => {
  it('ticks from the server’s wait_seconds, not from the browser’s clock', () => {
    const item = { wait_seconds: 90 } as InboxItem;
    expect(waitedSeconds(item, 1_000, 1_000)).toBe(90);
    expect(waitedSeconds(item, 1_000, 11_000)).toBe(100);
    expect(waitedSeconds({ wait_seconds: null } as InboxItem, 0, 5_000)).toBeNull();
  });
});

describe('queueLabel', () => {
  const names = queueNamesOf([
    { id: 'algemeen', name: 'Customer service' },
    { id: 'hypotheken', name: 'Mortgage team' },
  ]);
  it("names a queue in the console's language when the availability gave that name", () => {
    expect(queueLabel({ id: 'algemeen', name: 'Klantenservice' }, names)).toBe('Customer service');
    expect(queueLabel('hypotheken', names)).toBe('Mortgage team');
  });
  it('falls back to the name the staff API sent, and to nothing', () => {
    expect(queueLabel({ id: 'bijzonder', name: 'Bijzonder beheer' }, names)).toBe(
      'Bijzonder beheer',
    );
    expect(queueLabel({ id: 'x' }, new Map())).toBeUndefined();
    expect(queueLabel(null, names)).toBeUndefined();
  });
});

describe('assignment notices', () => {
  it('are one notice that counts, not a pile; opening one takes it off', () => {
    let notice = noticeAssigned(null, 'c1');
    notice = noticeAssigned(notice, 'c2');
    notice = noticeAssigned(notice, 'c2');
    notice = noticeAssigned(notice, 'c3');
    expect(notice.conversationIds).toEqual(['c1', 'c2', 'c3']);
    expect(noticeOpened(notice, 'c2')?.conversationIds).toEqual(['c1', 'c3']);
    expect(noticeOpened({ conversationIds: ['c1'] }, 'c1')).toBeNull();
    expect(noticeOpened(null, 'c1')).toBeNull();
  });
});

describe('holidays as text', () => {
  it('writes one date a line, its ranges after it, and reads that back', () => {
    const holidays = { '2026-12-25': [], '2026-12-24': ['08:00-12:00', '13:00-17:00'] };
    const text = holidaysText(holidays);
    expect(text).toBe('2026-12-24 08:00-12:00 13:00-17:00\n2026-12-25');
    expect(parseHolidays(text)).toEqual(holidays);
    expect(parseHolidays('  2026-12-31 08:00-17:00, 18:00-19:00 \n\n')).toEqual({
      '2026-12-31': ['08:00-17:00', '18:00-19:00'],
    });
    expect(holidaysText(undefined)).toBe('');
  });
});

describe('decisions', () => {
  const kinds = [
    {
      id: 'waive_fee',
      name_nl: 'Kosten kwijtschelden',
      name_en: 'Waive a fee',
      unit: 'euro' as const,
      rule: '',
      four_eyes: false,
      adverse: false,
      limit: 2500,
    },
    {
      id: 'rule_exception',
      name_nl: 'Uitzondering',
      name_en: 'Exception',
      unit: 'exception' as const,
      rule: '',
      four_eyes: false,
      adverse: false,
      limit: 0,
    },
  ];
  it('says the amount in its unit', () => {
    expect(amountText('euro', 2550, 'nl')).toMatch(/^€\s?25,50$/);
    expect(amountText('euro', 2550, 'en')).toBe('€25.50');
    expect(amountText('days', 1, 'nl')).toBe('1 dag');
    expect(amountText('days', 14, 'en')).toBe('14 days');
    expect(amountText('exception', 1, 'nl')).toBe('');
  });
  it('names the decision with its amount', () => {
    expect(decisionWhat(kinds, { decision_id: 'waive_fee', unit: 'euro', amount: 900 }, 'en')).toBe(
      'Waive a fee, €9.00',
    );
    expect(
      decisionWhat(kinds, { decision_id: 'rule_exception', unit: 'exception', amount: 1 }, 'nl'),
    ).toBe('Uitzondering');
    expect(decisionWhat(kinds, { decision_id: 'gone', unit: 'days', amount: 3 }, 'nl')).toBe(
      'gone, 3 dagen',
    );
  });
  it('reads what is typed as whole units', () => {
    expect(parseAmount('euro', '12,50')).toBe(1250);
    expect(parseAmount('euro', '€ 12.5')).toBe(1250);
    expect(parseAmount('euro', '40')).toBe(4000);
    expect(parseAmount('euro', '0')).toBeNull();
    expect(parseAmount('euro', '-5')).toBeNull();
    expect(parseAmount('euro', '1.234,00')).toBeNull();
    expect(parseAmount('days', '14')).toBe(14);
    expect(parseAmount('days', '1.5')).toBeNull();
    expect(parseAmount('exception', '')).toBe(1);
  });
});
