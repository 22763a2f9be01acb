/**
 * The staff page's replay of supply methods (/staff/supply-replay, issue 18): how many of the latest delivered
 * cycles to replay, and 按需's floor for regular sellers. Queued as a job (job-kinds.server.ts runSupplyReplay).
 */
import { z } from 'zod';
import { MAX_FLOOR_CARTONS } from '../allocation/methods';

export const SUPPLY_REPLAY_MAX_CYCLES = 12;

export const supplyReplayForm = z.object({
  cycles: z.coerce.number().int().min(1).max(SUPPLY_REPLAY_MAX_CYCLES),
  floorCartons: z.coerce.number().int().min(0).max(MAX_FLOOR_CARTONS),
});
