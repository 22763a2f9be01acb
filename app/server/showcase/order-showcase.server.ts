/**
 * What the order page shows of issue 19 beside its lines: each spec's picture and description (新品推介) and the
 * cycle's supply notice (货源公示) once the cycle has opened. Kept out of orderingContext so the order page's
 * write paths are untouched; the route's loader adds it.
 */
import type { OrderShowcase } from '~/domain/showcase/order-showcase';
import { noticePublished } from '~/domain/showcase/supply-notice';
import type { DB } from '../db.server';
import { orderPictures } from './pictures.server';
import { cycleSupplyNotice } from './supply-notice.server';

export async function orderShowcase(db: DB, cycle: { id: number; code: string; status: string; opensAt: string }, now = new Date()): Promise<OrderShowcase> {
  const [pictures, notice] = await Promise.all([orderPictures(db), noticePublished(cycle, now) ? cycleSupplyNotice(db, cycle) : null]);
  return { pictures, notice };
}
