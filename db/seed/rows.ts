/**
 * Seed rows travel from the generator to the writer in batches, one table at a time, in an order that
 * satisfies every foreign key (parents before children). The generator buffers rows per table and hands
 * them over every few tens of thousands so the whole county never sits in memory at once.
 */
import type { Selectable } from 'kysely';
import type { Database } from '../schema';

/** Every table the seed fills, parents first. Sessions are never seeded. */
export const SEED_TABLES = [
  'stations',
  'users',
  'accountManagers',
  'retailers',
  'specs',
  'orderCycles',
  'caps',
  'cycleSupply',
  'orders',
  'orderLines',
  'cartLines',
  'orderEvents',
  'uploads',
  'posDailySales',
  'receipts',
  'stockCounts',
  'stockCountLines',
  'seedInjections',
] as const satisfies readonly (keyof Database)[];

export type SeedTable = (typeof SEED_TABLES)[number];
export type SeedRow<T extends SeedTable> = Selectable<Database[T]>;
export type SeedBatch = { [T in SeedTable]: { table: T; rows: SeedRow<T>[] } }[SeedTable];
export type RowCounts = Record<SeedTable, number>;

export function emptyRowCounts(): RowCounts {
  return Object.fromEntries(SEED_TABLES.map((t) => [t, 0])) as RowCounts;
}

export class RowSink {
  private buffers = new Map<SeedTable, unknown[]>();
  private buffered = 0;

  constructor(private readonly flushEveryRows = 20_000) {}

  push<T extends SeedTable>(table: T, row: SeedRow<T>): void {
    let buffer = this.buffers.get(table);
    if (!buffer) this.buffers.set(table, (buffer = []));
    buffer.push(row);
    this.buffered++;
  }

  get shouldFlush(): boolean {
    return this.buffered >= this.flushEveryRows;
  }

  /** Everything buffered, as batches in foreign-key order; the sink is empty afterwards. */
  drain(): SeedBatch[] {
    const batches: SeedBatch[] = [];
    for (const table of SEED_TABLES) {
      const rows = this.buffers.get(table);
      if (rows && rows.length) batches.push({ table, rows } as SeedBatch);
    }
    this.buffers.clear();
    this.buffered = 0;
    return batches;
  }
}
