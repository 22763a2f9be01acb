/**
 * Allocation with payment (扣款): an order whose allocated amount its deposit cannot cover fails, and its
 * cartons go back to the others. Failing an order only ever frees supply, so the others' allocations can
 * only grow; a grown order may in turn no longer be covered, so this repeats until no further order fails
 * (at most once per order, usually one or two rounds).
 */
import { allocate, shareSpec, type AllocationLine, type AllocationResult, type ShareSpec, type SpecSupply } from './allocate';

export interface OrderInput<L extends AllocationLine = AllocationLine> {
  orderId: number;
  depositBalanceFen: number;
  lines: ReadonlyArray<L & { unitPriceFen: number }>;
}

export interface FailedOrder {
  orderId: number;
  /** What the allocation would have cost when it failed. */
  amountFen: number;
  depositBalanceFen: number;
}

export interface CycleAllocation extends AllocationResult {
  failed: FailedOrder[];
  /** key → allocated cartons; lines of failed orders get 0. */
  allocated: Map<number, number>;
  /** orderId → allocated amount in fen (failed orders: 0). */
  amountFen: Map<number, number>;
  rounds: number;
}

/** `share` decides each spec's shares (today's grade rule unless given: methods.ts's shareSpecBy per spec). */
export function allocateCycle<L extends AllocationLine>(orders: readonly OrderInput<L>[], supply: readonly SpecSupply[], share: ShareSpec<L> = shareSpec): CycleAllocation {
  const failed = new Map<number, FailedOrder>();
  for (let rounds = 1; ; rounds++) {
    const live = orders.filter((o) => !failed.has(o.orderId));
    const result = allocate(
      live.flatMap((o) => o.lines),
      supply,
      share,
    );
    let newlyFailed = 0;
    const amountFen = new Map<number, number>();
    for (const o of live) {
      const amount = o.lines.reduce((sum, l) => sum + (result.allocated.get(l.key) ?? 0) * l.unitPriceFen, 0);
      if (amount > o.depositBalanceFen) {
        failed.set(o.orderId, { orderId: o.orderId, amountFen: amount, depositBalanceFen: o.depositBalanceFen });
        newlyFailed++;
      } else amountFen.set(o.orderId, amount);
    }
    if (newlyFailed === 0) {
      const allocated = result.allocated;
      for (const o of orders) {
        if (!failed.has(o.orderId)) continue;
        amountFen.set(o.orderId, 0);
        for (const l of o.lines) allocated.set(l.key, 0);
      }
      return { ...result, allocated, amountFen, failed: [...failed.values()].sort((a, b) => a.orderId - b.orderId), rounds };
    }
  }
}
