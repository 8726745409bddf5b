import { describe, expect, it } from 'vitest';
import type { StaffEvent } from '../shared/staff-protocol';
import { texts } from './i18n';
import { renderEvent } from './transcript';

/** The strings and values of a rendered template, flattened: what it says. */
function said(result: unknown): string {
  if (result === null || typeof result !== 'object') return String(result ?? '');
  const template = result as { strings?: readonly string[]; values?: readonly unknown[] };
  if (!template.strings) return '';
  return template.strings.join(' ') + (template.values ?? []).map(said).join(' ');
}

describe('renderEvent', () => {
  it('says that retention erased a text, not an empty bubble', () => {
    const erased = {
      seq: 4,
      kind: 'customer_message',
      at: '2026-11-24T09:00:00Z',
      author: 'customer',
      text_erased: true,
    } as StaffEvent;
    const nl = said(renderEvent(erased, texts('nl'), 'nl', 'nl'));
    expect(nl).toContain('Bericht 4: de tekst is gewist na de bewaartermijn.');
    expect(nl).toContain('erased-event');
    const en = said(renderEvent(erased, texts('en'), 'en', 'nl'));
    expect(en).toContain('the text was erased after the retention period');
  });

  it("shows a contest's stage and who, with the text the customer read", () => {
    const contest = {
      seq: 9,
      kind: 'contest',
      at: '2026-11-24T09:00:00Z',
      author: 'agent',
      text: 'Wij hebben uw bezwaar ontvangen.',
      flag: 2,
      stage: 'received',
      by: { id: 's_anna', name: 'Anna de Boer' },
    } as StaffEvent;
    const shown = said(renderEvent(contest, texts('nl'), 'nl', 'nl'));
    expect(shown).toContain('Bezwaar van de klant wacht op beoordeling (Anna de Boer)');
    expect(shown).toContain('Wij hebben uw bezwaar ontvangen.');
  });
});
