/** English messages of the phone that works without signal; must have exactly the keys of ./offline.zh-CN.ts. */
import type { offlineZhCN } from './offline.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const offlineEn = {
  queuedSubmit: 'Saved on this phone. It will be submitted automatically when you are back online (before the cut-off).',
  editsKept: 'No connection: your changes are kept on this phone and will be sent when you are back online.',
  keptOnPhone: 'Kept on this phone',
  submittedLater: 'Back online: the order kept on this phone has been submitted.',
  refusedSubmit: 'The order kept on this phone was not submitted: {{reason}}',
  refusedSave: 'The changes kept on this phone were not sent: {{reason}}',
  cutoffPassed: 'The cut-off ({{time}}) passed before the connection came back.',
  conflict: 'This order was changed elsewhere (by your account manager on your behalf, or on another phone); the changes on this phone have not been sent.',
  conflictServer: 'The order now: {{summary}}',
  keepMine: 'Send the changes on this phone',
  takeTheirs: 'Use the order as it is now',
  signedOut: 'Your sign-in has expired: the changes are kept on this phone and will be sent once you sign in again.',
  signIn: 'Sign in again',
  pageFromPhone: 'No connection: this is the order page saved on this phone ({{time}}). Changes are kept on the phone.',
  cancelOffline: 'No connection: the order cannot be cancelled right now.',
  errorTitle: 'No connection',
  errorBody: 'This page needs a connection to open. The order page opens without one; changes are kept on the phone and sent when you are back online.',
  retry: 'Try again',
  openOrder: 'Open the order page',
} satisfies Shape<typeof offlineZhCN>;
