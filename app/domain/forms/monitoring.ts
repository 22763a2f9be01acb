/** The staff monitoring page's form: recompute every day's figures (a 'rollups' job, docs/decisions/0016-jobs.md). */
import { z } from 'zod';

export const monitoringPageForm = z.discriminatedUnion('intent', [z.object({ intent: z.literal('rebuild') })]);
