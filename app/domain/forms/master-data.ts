/** Staff's forms for master data: uploading a file, confirming its preview, and acting on sign-ins. */
import { z } from 'zod';
import { ACCOUNT_STATES, type AccountState } from '../master-data/accounts';
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

/** The master-data template's `?kind=&lang=&format=`: unknown values read as the defaults (retailers, Chinese, CSV). */
export const masterTemplateSearch = z.object({
  kind: z.enum(MASTER_KINDS as ['retailers', 'specs', 'managers']).catch('retailers'),
  lang: z.enum(['zh-CN', 'en']).catch('zh-CN'),
  format: z.enum(['csv', 'xlsx']).catch('csv'),
});

/** The most characters of the accounts list's search (`?q=`) that count. */
export const ACCOUNT_QUERY_MAX = 64;

/** The accounts list's `?kind=&state=&q=`: unknown values read as the defaults (retailers, every state, no search). */
export const accountsSearch = z.object({
  kind: z.enum(['retailers', 'managers']).catch('retailers'),
  state: z.enum(['all', ...ACCOUNT_STATES] as ['all', ...AccountState[]]).catch('all'),
  q: z
    .string()
    .catch('')
    .transform((q) => q.slice(0, ACCOUNT_QUERY_MAX)),
});
