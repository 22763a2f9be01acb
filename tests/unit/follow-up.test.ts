/** Who to call first, empty cycles in a row, the manager's forms and what a visit photo really is. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callPriority, callReasons, daysSinceUpload, emptyCycleStreak, OUTCOMES_FOR, CONTACT_OUTCOMES, type BoardFacts } from '~/domain/follow-up';
import { benchmarkSchema, contactNoteSchema, fieldErrors, visitSchema } from '~/domain/forms/manager-work';
import { sniffImageType } from '~/domain/image-type';

const calm: BoardFacts = {
  orderState: 'submitted',
  cutoffSoon: false,
  cutoffPassed: false,
  notUploaded: false,
  openIssues: 0,
  depositShortFen: 0,
  allocationUnconfirmed: false,
  contactedToday: false,
};

describe('empty cycles in a row', () => {
  it('counts the newest cycles without an order until the first with one', () => {
    expect(emptyCycleStreak([])).toBe(0);
    expect(emptyCycleStreak([true, false, false])).toBe(0);
    expect(emptyCycleStreak([false, false, true, false])).toBe(2);
    expect(emptyCycleStreak([false, false, false])).toBe(3);
  });

  it('is never more than the cycles given, and adding an empty newest cycle adds one', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 20 }), (placed) => {
        const n = emptyCycleStreak(placed);
        expect(n).toBeLessThanOrEqual(placed.length);
        expect(emptyCycleStreak([false, ...placed])).toBe(n + 1);
        expect(emptyCycleStreak([true, ...placed])).toBe(0);
      }),
    );
  });
});

describe('call priority', () => {
  it('a shop with nothing wrong needs no call', () => {
    expect(callReasons(calm)).toEqual([]);
    expect(callPriority(calm)).toBe(0);
  });

  it('names every reason and puts a failed or missing order before an upload', () => {
    const all: BoardFacts = { ...calm, orderState: 'failed', notUploaded: true, openIssues: 2, depositShortFen: 100, allocationUnconfirmed: true };
    expect(callReasons(all)).toEqual(['order_failed', 'deposit_short', 'allocation_unconfirmed', 'not_uploaded', 'issues_open']);
    const noOrderSoon = callPriority({ ...calm, orderState: 'none', cutoffSoon: true });
    const notUploaded = callPriority({ ...calm, notUploaded: true });
    expect(noOrderSoon).toBeGreaterThan(notUploaded);
    expect(callPriority({ ...calm, orderState: 'failed' })).toBeGreaterThan(noOrderSoon);
  });

  it('a shop whose cut-off is days away has not ordered *yet*: no call for that', () => {
    expect(callReasons({ ...calm, orderState: 'none' })).toEqual([]);
    expect(callReasons({ ...calm, orderState: 'draft', cutoffPassed: true })).toEqual(['not_ordered_closed']);
  });

  it('adding a problem never lowers the priority; a call made today lowers it', () => {
    const facts = fc.record({
      orderState: fc.constantFrom('none', 'draft', 'submitted', 'allocated', 'confirmed', 'delivered', 'cancelled', 'failed' as const),
      cutoffSoon: fc.boolean(),
      cutoffPassed: fc.boolean(),
      notUploaded: fc.boolean(),
      openIssues: fc.nat(5),
      depositShortFen: fc.nat(10_000),
      allocationUnconfirmed: fc.boolean(),
      contactedToday: fc.boolean(),
    });
    fc.assert(
      fc.property(facts, (f) => {
        const p = callPriority(f);
        expect(callPriority({ ...(f), notUploaded: true })).toBeGreaterThanOrEqual(p);
        expect(callPriority({ ...(f), openIssues: f.openIssues + 1 })).toBeGreaterThanOrEqual(p);
        expect(callPriority({ ...(f), contactedToday: true })).toBeLessThanOrEqual(callPriority({ ...(f), contactedToday: false }));
      }),
    );
  });

  it('days since the last upload; never uploaded is null', () => {
    expect(daysSinceUpload('2026-11-20', '2026-11-23')).toBe(3);
    expect(daysSinceUpload(null, '2026-11-23')).toBeNull();
  });

  it('every topic’s quick picks are known outcomes', () => {
    for (const list of Object.values(OUTCOMES_FOR)) for (const o of list) expect(CONTACT_OUTCOMES).toContain(o);
  });
});

describe('manager forms', () => {
  it('a note needs an outcome or some text, and a known topic', () => {
    expect(contactNoteSchema.parse({ intent: 'note', retailerId: '7', topic: 'not_ordered', outcome: 'closed_holiday', note: '' })).toEqual({
      intent: 'note',
      retailerId: 7,
      topic: 'not_ordered',
      outcome: 'closed_holiday',
      note: null,
    });
    expect(contactNoteSchema.parse({ intent: 'note', retailerId: '7', topic: 'general', outcome: '', note: ' 电话说晚上订 ' }).note).toBe('电话说晚上订');
    const empty = contactNoteSchema.safeParse({ intent: 'note', retailerId: '7', topic: 'general', outcome: '', note: '  ' });
    expect(fieldErrors(empty.error!)).toEqual({ note: 'noteEmpty' });
    const bad = contactNoteSchema.safeParse({ intent: 'note', retailerId: 'x', topic: 'gossip', outcome: 'nap', note: 'x'.repeat(501) });
    expect(fieldErrors(bad.error!)).toMatchObject({ retailerId: 'retailer', topic: 'topic', outcome: 'outcome', note: 'noteTooLong' });
  });

  it('a benchmark needs a reason; a visit a real day, 1–600 minutes and what was done', () => {
    expect(fieldErrors(benchmarkSchema.safeParse({ intent: 'mark', retailerId: '3', reason: ' ' }).error!)).toEqual({ reason: 'reasonEmpty' });
    expect(benchmarkSchema.parse({ intent: 'unmark', retailerId: '3' })).toEqual({ intent: 'unmark', retailerId: 3 });
    const bad = visitSchema.safeParse({ retailerId: '3', visitedOn: '2026-02-30', durationMinutes: '', whatDone: '' });
    expect(fieldErrors(bad.error!)).toEqual({ visitedOn: 'visitDay', durationMinutes: 'duration', whatDone: 'whatDoneEmpty' });
    expect(fieldErrors(visitSchema.safeParse({ retailerId: '3', visitedOn: '2026-11-23', durationMinutes: '601', whatDone: 'x' }).error!)).toEqual({ durationMinutes: 'duration' });
  });
});

describe('visit photos are recognised by their bytes', () => {
  it('JPEG, PNG and WebP; anything else (HTML, SVG, PDF, empty) is refused', () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffImageType(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp');
    for (const text of ['<html><script>alert(1)</script>', '<svg xmlns="http://www.w3.org/2000/svg"/>', '%PDF-1.7', '']) {
      expect(sniffImageType(new TextEncoder().encode(text))).toBeNull();
    }
  });
});
