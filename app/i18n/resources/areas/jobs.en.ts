/** English messages of long work run as jobs; must have exactly the keys of ./jobs.zh-CN.ts. */
import type { jobsZhCN } from './jobs.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const jobsEn = {
  queued: 'Queued, starting shortly (requested {{time}}). You can leave this page and come back for the result.',
  preparing: 'Getting ready…',
  running: 'Working: {{percent}} done ({{done}} of {{total}})',
  finished: 'Finished {{time}}.',
  failed: 'Not finished: {{reason}}',
  reasons: {
    error: 'Something went wrong while computing. Please try again later; if it keeps failing, contact the system administrator.',
    interrupted: 'Server restarts interrupted this run several times, so it was stopped. Please start it again.',
    not_found: 'The chosen cycle is not there or has not finished yet.',
    unknown_kind: 'This run was requested by another version of the app, which this one does not know. Please start it again.',
    no_history: 'The shops that upload sales every day do not have enough history to replay that many weeks. Choose fewer weeks, or try again when there is more data.',
    bad_status: 'Demand cannot be estimated for this cycle now: only after ordering has closed and before the allocation is published.',
  },
} satisfies Shape<typeof jobsZhCN>;
