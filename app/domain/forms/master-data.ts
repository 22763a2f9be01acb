/** Staff's forms for master data: uploading a file, confirming its preview, and acting on sign-ins. */
import { z } from 'zod';
import { MASTER_KINDS } from '../master-data/types';

export const masterUploadForm = z.object({ kind: z.enum(MASTER_KINDS as ['retailers', 'specs', 'managers']) });

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean());

export const masterConfirmForm = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('confirm'),
    /** Import the good rows and skip the bad ones (without it, a file with a bad row writes nothing). */
    keepGood: checkbox,
    /** Deactivate the active retailers the file does not list (an explicit choice, never the default). */
    deactivateMissing: checkbox,
    /** The preview's fingerprint: the confirm applies exactly what was shown, or refuses. */
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  z.object({ intent: z.literal('discard') }),
]);

const id = z.coerce.number().int().positive();

export const accountActionForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('create'), kind: z.enum(['retailers', 'managers']), ids: z.array(id).max(500).default([]), all: checkbox }),
  z.object({ intent: z.literal('reset'), userId: id }),
  z.object({ intent: z.literal('disable'), userId: id }),
  z.object({ intent: z.literal('enable'), userId: id }),
]);

export type AccountAction = z.infer<typeof accountActionForm>;
