/**
 * Home's to-do list (app/domain/shop/todos.ts): which facts make which to-do, and the urgency order.
 *
 * Properties over generated shops: the list is sorted by urgency, then deadline, whatever order the facts come in;
 * every `now` comes before every `soon` before every `later`; an order to-do appears exactly when the window is open
 * and the order is not placed or changed since submit; an order to-do only grows more urgent as the cut-off comes
 * closer; the data-issue to-do counts every open issue; the cart rule matches the order page's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cartChangedSinceSubmit,
  compareTodosAt,
  DELIVERY_CONFIRM_DAYS,
  homeTodos,
  STOCK_COUNT_DUE_DAYS,
  STOCK_COUNT_STALE_DAYS,
  TODO_NOW_HOURS,
  URGENCIES,
  type HomeFacts,
  type Todo,
} from '~/domain/shop/todos';
import { addDays, shanghaiDayOf } from '~/domain/time';

const RUNS = { numRuns: 400 };
const NOW = new Date('2026-11-23T02:00:00.000Z'); // 10:00 Monday in Shanghai
const TODAY = shanghaiDayOf(NOW);
const HOUR = 3600_000;
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * HOUR).toISOString();

const quiet: HomeFacts = {
  ordering: null,
  order: null,
  issues: [],
  nextSuggestionAt: null,
  deliveries: [],
  allocations: [],
  lastCountDay: TODAY,
  carriesStock: true,
  salesMissingDay: null,
  surveyPending: false,
  noticesToAcknowledge: [],
  unreadAnswers: 0,
};

const STATUSES = ['draft', 'submitted', 'allocated', 'confirmed', 'delivered', 'cancelled', 'failed'] as const;
const factsArb: fc.Arbitrary<HomeFacts> = fc.record({
  ordering: fc.option(fc.record({ cycleCode: fc.constant('2026-W48'), cutoffAt: fc.integer({ min: -2, max: 200 }).map(at) }), { nil: null }),
  order: fc.option(
    fc.record({ status: fc.constantFrom(...STATUSES), changedSinceSubmit: fc.boolean(), shortfallFen: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500_000 })), cutoffAt: fc.integer({ min: -48, max: 200 }).map(at) }),
    { nil: null },
  ),
  issues: fc.array(fc.record({ kind: fc.constantFrom('stock_discrepancy', 'looks_times_ten', 'unknown_barcode', 'outlier_day'), count: fc.integer({ min: 0, max: 9 }) }), { maxLength: 4 }),
  nextSuggestionAt: fc.option(fc.integer({ min: -10, max: 300 }).map(at), { nil: null }),
  deliveries: fc.uniqueArray(fc.record({ orderId: fc.integer({ min: 1, max: 50 }), cycleCode: fc.constant('2026-W47'), deliveredOn: fc.integer({ min: 0, max: 10 }).map((d) => addDays(TODAY, -d)) }), { selector: (d) => d.orderId, maxLength: 3 }),
  allocations: fc.uniqueArray(
    fc.record({ orderId: fc.integer({ min: 51, max: 99 }), cycleCode: fc.constant('2026-W48'), problemReported: fc.boolean(), dueAt: fc.option(fc.integer({ min: -30, max: 100 }).map(at), { nil: null }) }),
    { selector: (a) => a.orderId, maxLength: 3 },
  ),
  lastCountDay: fc.option(fc.integer({ min: 0, max: 90 }).map((d) => addDays(TODAY, -d)), { nil: null }),
  carriesStock: fc.boolean(),
  salesMissingDay: fc.option(fc.constant(addDays(TODAY, -1)), { nil: null }),
  surveyPending: fc.boolean(),
  noticesToAcknowledge: fc.uniqueArray(fc.record({ noticeId: fc.integer({ min: 1, max: 20 }), title: fc.constant('通知'), publishedAt: fc.integer({ min: -200, max: 0 }).map(at) }), { selector: (n) => n.noticeId, maxLength: 3 }),
  unreadAnswers: fc.nat({ max: 3 }),
});

const kinds = (todos: Todo[]) => todos.map((t) => t.kind);

describe('home to-dos: which facts make which to-do', () => {
  it('a quiet shop has nothing to do', () => {
    expect(homeTodos(quiet, NOW, TODAY)).toEqual([]);
  });

  it('the case of the issue: a submitted order changed without resubmitting, open data issues, a delivery and an allocation — all listed, most urgent first', () => {
    const todos = homeTodos(
      {
        ...quiet,
        ordering: { cycleCode: '2026-W48', cutoffAt: at(7) },
        order: { status: 'submitted', changedSinceSubmit: true, shortfallFen: 0, cutoffAt: at(7) },
        issues: [
          { kind: 'looks_times_ten', count: 1 },
          { kind: 'stock_discrepancy', count: 2 },
        ],
        nextSuggestionAt: at(7),
        // Delivered a week ago: overdue, yet after the cut-off still to come.
        deliveries: [{ orderId: 7, cycleCode: '2026-W47', deliveredOn: addDays(TODAY, -7) }],
        allocations: [{ orderId: 8, cycleCode: '2026-W47', problemReported: false, dueAt: at(30) }],
      },
      NOW,
      TODAY,
    );
    expect(kinds(todos)).toEqual(['order_changed', 'data_issues', 'delivery_to_confirm', 'allocation_to_check']);
    expect(todos.map((t) => t.urgency)).toEqual(['now', 'now', 'now', 'soon']);
    expect(todos[1]).toMatchObject({ count: 3, byKind: [{ kind: 'stock_discrepancy', count: 2 }, { kind: 'looks_times_ten', count: 1 }] });
  });

  it('the order: not submitted (or a draft, cancelled, failed) while the window is open; nothing while it is shut or once placed and unchanged', () => {
    const ordering = { cycleCode: '2026-W48', cutoffAt: at(50) };
    const order = (status: string, changedSinceSubmit = false) => ({ status, changedSinceSubmit, shortfallFen: 0, cutoffAt: at(50) });
    expect(homeTodos({ ...quiet, ordering }, NOW, TODAY)).toMatchObject([{ kind: 'order_not_submitted', urgency: 'soon', hasDraft: false, dueAt: at(50) }]);
    expect(homeTodos({ ...quiet, ordering, order: order('draft') }, NOW, TODAY)).toMatchObject([{ kind: 'order_not_submitted', hasDraft: true }]);
    for (const s of ['cancelled', 'failed']) expect(kinds(homeTodos({ ...quiet, ordering, order: order(s) }, NOW, TODAY))).toEqual(['order_not_submitted']);
    expect(homeTodos({ ...quiet, ordering, order: order('submitted') }, NOW, TODAY)).toEqual([]);
    expect(kinds(homeTodos({ ...quiet, ordering, order: order('submitted', true) }, NOW, TODAY))).toEqual(['order_changed']);
    expect(homeTodos({ ...quiet, order: order('submitted', true) }, NOW, TODAY)).toEqual([]);
    expect(homeTodos({ ...quiet, ordering: { ...ordering, cutoffAt: at(TODO_NOW_HOURS) } }, NOW, TODAY)[0]!.urgency).toBe('now');
  });

  it('a deposit short of a submitted order is due by the cut-off', () => {
    const todos = homeTodos({ ...quiet, order: { status: 'submitted', changedSinceSubmit: false, shortfallFen: 12_300, cutoffAt: at(-1) } }, NOW, TODAY);
    expect(todos).toEqual([{ kind: 'deposit_short', urgency: 'now', dueAt: at(-1), shortfallFen: 12_300 }]);
  });

  it('a delivery is due two days after it came; an allocation with a problem reported waits on the company', () => {
    const delivered = homeTodos({ ...quiet, deliveries: [{ orderId: 1, cycleCode: 'W', deliveredOn: addDays(TODAY, -DELIVERY_CONFIRM_DAYS - 2) }] }, NOW, TODAY);
    expect(delivered[0]).toMatchObject({ kind: 'delivery_to_confirm', urgency: 'now' });
    const reported = homeTodos({ ...quiet, allocations: [{ orderId: 2, cycleCode: 'W', problemReported: true, dueAt: at(1) }] }, NOW, TODAY);
    expect(reported[0]).toMatchObject({ kind: 'allocation_to_check', urgency: 'later' });
  });

  it('a stock count: due after four weeks (later), soon once the suggestion can no longer use it, none for a shop that carries nothing', () => {
    const count = (age: number | null, carriesStock = true) => homeTodos({ ...quiet, carriesStock, lastCountDay: age === null ? null : addDays(TODAY, -age) }, NOW, TODAY);
    expect(count(STOCK_COUNT_DUE_DAYS - 1)).toEqual([]);
    expect(count(STOCK_COUNT_DUE_DAYS)).toMatchObject([{ kind: 'stock_count_due', urgency: 'later', ageDays: STOCK_COUNT_DUE_DAYS }]);
    expect(count(STOCK_COUNT_STALE_DAYS + 1)).toMatchObject([{ kind: 'stock_count_due', urgency: 'soon' }]);
    expect(count(null)).toMatchObject([{ kind: 'stock_count_due', urgency: 'soon', lastCountDay: null, ageDays: null }]);
    expect(count(null, false)).toEqual([]);
  });

  it('yesterday’s sales and the survey come last', () => {
    const todos = homeTodos({ ...quiet, salesMissingDay: addDays(TODAY, -1), surveyPending: true, issues: [{ kind: 'outlier_day', count: 1 }] }, NOW, TODAY);
    expect(kinds(todos)).toEqual(['data_issues', 'sales_not_uploaded', 'survey']);
  });

  it('an unread answer to a question is a to-do with its count, after the survey (issue 19)', () => {
    const todos = homeTodos({ ...quiet, surveyPending: true, unreadAnswers: 2 }, NOW, TODAY);
    expect(kinds(todos)).toEqual(['survey', 'answers_unread']);
    expect(todos[1]).toMatchObject({ urgency: 'later', dueAt: null, count: 2 });
    expect(kinds(homeTodos({ ...quiet, unreadAnswers: 0 }, NOW, TODAY))).not.toContain('answers_unread');
  });
});

describe('home to-dos: properties', () => {
  it('sorted by urgency level, then deadlines to come (nearest first), then passed ones, then none; the same list whatever order the facts come in', () => {
    fc.assert(
      fc.property(factsArb, fc.integer(), (facts, seed) => {
        const todos = homeTodos(facts, NOW, TODAY);
        const compare = compareTodosAt(NOW);
        for (let i = 1; i < todos.length; i++) expect(compare(todos[i - 1]!, todos[i]!)).toBeLessThanOrEqual(0);
        const ahead = (t: Todo) => t.dueAt !== null && Date.parse(t.dueAt) >= NOW.getTime();
        const levels = todos.map((t) => URGENCIES.indexOf(t.urgency));
        expect(levels).toEqual([...levels].sort((a, b) => a - b));
        for (let i = 1; i < todos.length; i++) {
          const [a, b] = [todos[i - 1]!, todos[i]!];
          if (a.urgency !== b.urgency) continue;
          if (ahead(a) === ahead(b) && a.dueAt !== null && b.dueAt !== null) expect(Date.parse(a.dueAt)).toBeLessThanOrEqual(Date.parse(b.dueAt));
          if (ahead(b)) expect(ahead(a)).toBe(true);
          if (a.dueAt === null) expect(b.dueAt).toBeNull();
        }
        const shuffle = <T>(xs: readonly T[]) => [...xs].sort((x, y) => ((JSON.stringify(x).length * 31 + seed) % 7) - ((JSON.stringify(y).length * 17 + seed) % 5));
        const shuffled = { ...facts, issues: shuffle(facts.issues), deliveries: shuffle(facts.deliveries), allocations: shuffle(facts.allocations) };
        expect(homeTodos(shuffled, NOW, TODAY)).toEqual(todos);
      }),
      RUNS,
    );
  });

  it('an order to-do exactly when the window is open and the order is not placed, or changed since submit; never both', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const k = kinds(homeTodos(facts, NOW, TODAY));
        const placed = facts.order !== null && ['submitted', 'allocated', 'confirmed', 'delivered'].includes(facts.order.status);
        const changed = facts.order?.status === 'submitted' && facts.order.changedSinceSubmit;
        expect(k.includes('order_not_submitted')).toBe(facts.ordering !== null && !placed);
        expect(k.includes('order_changed')).toBe(facts.ordering !== null && changed);
        expect(k.filter((x) => x === 'order_not_submitted' || x === 'order_changed').length).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('as the cut-off comes closer an order to-do never grows less urgent', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 300 }), fc.integer({ min: 0, max: 300 }), (hoursLeft, later) => {
        const facts = { ...quiet, ordering: { cycleCode: 'W', cutoffAt: at(hoursLeft) } };
        const before = homeTodos(facts, NOW, TODAY)[0]!;
        const after = homeTodos(facts, new Date(NOW.getTime() + later * HOUR), TODAY)[0]!;
        expect(URGENCIES.indexOf(after.urgency)).toBeLessThanOrEqual(URGENCIES.indexOf(before.urgency));
      }),
      RUNS,
    );
  });

  it('the data-issue to-do counts every open issue, and is there exactly when one is open; open issues are never `later`', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const total = facts.issues.reduce((s, i) => s + i.count, 0);
        const todo = homeTodos(facts, NOW, TODAY).find((t) => t.kind === 'data_issues');
        expect(todo === undefined).toBe(total === 0);
        if (todo && todo.kind === 'data_issues') {
          expect(todo.count).toBe(total);
          expect(todo.byKind.reduce((s, k) => s + k.count, 0)).toBe(total);
          expect(todo.urgency).not.toBe('later');
        }
      }),
      RUNS,
    );
  });
});

describe('cartChangedSinceSubmit: the order page’s rule', () => {
  const lines = fc.uniqueArray(fc.record({ specId: fc.integer({ min: 1, max: 40 }), qtyCartons: fc.integer({ min: 1, max: 9 }) }), { selector: (l) => l.specId, minLength: 1, maxLength: 8 });

  it('the submitted lines in any order are no change; an empty cart is the submitted order', () => {
    fc.assert(
      fc.property(lines, (submitted) => {
        expect(cartChangedSinceSubmit(submitted, [...submitted].reverse())).toBe(false);
        expect(cartChangedSinceSubmit(submitted, [])).toBe(false);
      }),
      RUNS,
    );
  });

  it('one quantity changed, a line added or a line dropped is a change', () => {
    fc.assert(
      fc.property(lines, fc.nat(), (submitted, pick) => {
        const i = pick % submitted.length;
        const changed = submitted.map((l, j) => (j === i ? { ...l, qtyCartons: l.qtyCartons + 1 } : l));
        expect(cartChangedSinceSubmit(submitted, changed)).toBe(true);
        expect(cartChangedSinceSubmit(submitted, [...submitted, { specId: 99, qtyCartons: 1 }])).toBe(true);
        if (submitted.length > 1) expect(cartChangedSinceSubmit(submitted, submitted.filter((_, j) => j !== i))).toBe(true);
      }),
      RUNS,
    );
  });
});
