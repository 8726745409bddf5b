import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  validateAdvisorStatus,
  validateCustomerServerFrame,
  validateStaffServerFrame,
} from './generated/wire-validate';
import { parseServerFrame } from './protocol';
import { parseStaffFrame } from './staff-protocol';
import type { Validator } from './wire-check';

const STATUS = {
  state: 'waiting',
  language: 'nl',
  queue: { id: 'algemeen', name: 'Klantenservice', time_zone: 'Europe/Amsterdam' },
  open: true,
  staffed: true,
  opens_at: null,
  closes_at: '2026-11-24T19:00:00Z',
  staffed_from: null,
  alternative: null,
  position: 3,
  estimated_wait_seconds: 240,
  options: ['wait', 'leave_message', 'callback'],
  choice: { option: 'wait' },
  callback: null,
  message: 'U bent nummer 3 in de wachtrij.',
};

const REPLY = {
  seq: 2,
  kind: 'bot_reply',
  at: '2026-11-24T09:30:00Z',
  author: 'bot',
  decision: 'answer',
  text: 'Blokkeer uw pas in de app.',
  heading: 'Pas kwijt',
  sources: [{ id: 'pas-blokkeren', title: 'Pas blokkeren', url: 'https://example.nl/pas' }],
  confidence: 0.9,
  reasons: ['matched'],
  language: 'nl',
};

const PRESENCE = {
  state: 'available',
  chats: 1,
  capacity: 3,
  back_at: null,
  since: '2026-11-24T09:00:00Z',
};

describe('parseServerFrame (CustomerServerFrame of docs/openapi.yaml)', () => {
  it('accepts valid frames, with fields it does not know', () => {
    const frames = [
      { type: 'receipt', client_id: 'm1', seq: 1, duplicate: false },
      { type: 'event', event: REPLY },
      { type: 'status', ...STATUS },
      { type: 'typing', author: 'bot' },
      { type: 'error', code: 'rate_limited', message: 'later', client_id: 'm1', retry_after_ms: 5 },
      { type: 'pong' },
      { type: 'status', ...STATUS, added_later: 1 },
    ];
    for (const frame of frames) expect(parseServerFrame(JSON.stringify(frame))).toEqual(frame);
  });

  it('refuses a field of the wrong type, a missing field and a wrong value', () => {
    const bad = [
      { type: 'receipt', client_id: 'm1', seq: '1', duplicate: false },
      { type: 'receipt', client_id: 'm1', seq: 1 },
      { type: 'event', event: { ...REPLY, decision: 'guess' } },
      { type: 'event', event: { ...REPLY, sources: [{ id: 1 }] } },
      { type: 'status', ...STATUS, position: 'third' },
      { type: 'typing', author: 'customer' },
    ];
    for (const frame of bad) expect(parseServerFrame(JSON.stringify(frame)), frame.type).toBeNull();
    expect(validateCustomerServerFrame(bad[0])).toBe(false);
  });

  it('refuses an unknown frame type, and anything that is not a JSON object', () => {
    expect(parseServerFrame('{"type":"teleport"}')).toBeNull();
    expect(parseServerFrame('{"seq":1}')).toBeNull();
    expect(parseServerFrame('[]')).toBeNull();
    expect(parseServerFrame('not json')).toBeNull();
  });

  it('keeps an event of a later kind for its seq, but never a kind staff alone see', () => {
    const later = { seq: 9, kind: 'survey', at: '2026-11-24T09:30:00Z', author: 'system' };
    expect(parseServerFrame(JSON.stringify({ type: 'event', event: later }))).not.toBeNull();
    const note = { ...later, kind: 'note', text: 'for colleagues' };
    expect(parseServerFrame(JSON.stringify({ type: 'event', event: note }))).toBeNull();
  });
});

describe('parseStaffFrame (StaffServerFrame of docs/openapi.yaml)', () => {
  it('accepts a valid frame, refuses a wrong field type and an unknown type', () => {
    const frame = { type: 'presence', presence: PRESENCE };
    expect(parseStaffFrame(JSON.stringify(frame))).toEqual(frame);
    const wrong = { type: 'presence', presence: { ...PRESENCE, chats: '1' } };
    expect(parseStaffFrame(JSON.stringify(wrong))).toBeNull();
    expect(parseStaffFrame('{"type":"mystery","conversation_id":"c1"}')).toBeNull();
    expect(validateStaffServerFrame.lastError).toBe('/: type unknown');
  });

  it('says where a refused value went wrong', () => {
    expect(
      validateStaffServerFrame({ type: 'presence', presence: { ...PRESENCE, chats: '1' } }),
    ).toBe(false);
    expect(validateStaffServerFrame.lastError).toContain('/presence/chats');
  });
});

describe('the generated validators agree with Ajv on the same schemas', () => {
  // The schemas as JSON Schema, from the same code that generated the validators.
  const load = async () => {
    const path = '../../scripts/wire-schema.mjs';
    const wire = (await import(/* @vite-ignore */ path)) as {
      loadOpenApi(): unknown;
      wireDefinitions(api: unknown, options: { closed: boolean }): object;
      AJV_OPTIONS: object;
    };
    const ajv = new Ajv({ ...wire.AJV_OPTIONS, validateFormats: false });
    ajv.addSchema(wire.wireDefinitions(wire.loadOpenApi(), { closed: false }));
    return (name: string) => ajv.getSchema(`wire#/definitions/${name}`);
  };

  const cases: [string, Validator<unknown>, unknown[]][] = [
    [
      'CustomerServerFrame',
      validateCustomerServerFrame,
      [
        { type: 'event', event: REPLY },
        { type: 'event', event: { ...REPLY, confidence: 'high' } },
        { type: 'event', event: { ...REPLY, kind: 'survey' } },
        { type: 'event', event: { ...REPLY, seq: 0 } },
        { type: 'status', ...STATUS },
        { type: 'status', ...STATUS, choice: null, opens_at: 5 },
        { type: 'status', ...STATUS, callback: { start: 'a', end: 'b' } },
        { type: 'receipt', client_id: 'not an id!', seq: 1, duplicate: true },
        { type: 'pong', extra: [1] },
        { type: 'nothing' },
        null,
        'pong',
      ],
    ],
    [
      'StaffServerFrame',
      validateStaffServerFrame,
      [
        { type: 'presence', presence: PRESENCE },
        { type: 'presence', presence: { ...PRESENCE, state: 'asleep' } },
        { type: 'overview', queues: [], agents: [] },
        { type: 'overview', queues: [{}], agents: [] },
        { type: 'assigned', conversation_id: 'c_1' },
        { type: 'typing' },
      ],
    ],
    [
      'AdvisorStatus',
      validateAdvisorStatus,
      [
        {
          advisor: { name: 'Jan' },
          state: 'busy',
          next_shift: null,
          back_at: null,
          estimated_wait_seconds: 60,
          options: ['advisor'],
          slots: [],
          message: '',
        },
        { advisor: { name: 'Jan' }, state: 'busy' },
      ],
    ],
  ];

  it.each(cases)('%s', async (name, validate, values) => {
    const ajvValidate = (await load())(name);
    expect(ajvValidate).toBeDefined();
    for (const value of values) {
      expect(validate(value), JSON.stringify(value)).toBe(ajvValidate?.(value));
    }
  });
});
