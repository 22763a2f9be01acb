/** The shop's upload history as the pages show it (listed by app/server/uploads/history.server.ts). */
import type { UploadKind } from './types';

/** Every way a day of data comes in: a file, the till's POS API, typed on the phone, seeded history, a delivery. */
export type UploadChannel = 'file' | 'api' | 'manual' | 'seed' | 'delivery';

export interface UploadHistoryItem {
  id: number;
  kind: UploadKind;
  source: UploadChannel;
  businessDate: string;
  /** When it arrived, and who sent it: a person, or the name of the till's API key. */
  createdAt: string;
  byUser: string | null;
  byToken: string | null;
  fileName: string | null;
  /** Specs with a figure for the day (lines of the count): what is stored, not the rows of a file. */
  figures: number;
  rowsRejected: number;
}

export interface UploadHistoryPage {
  items: UploadHistoryItem[];
  /** Upload records and distinct days with data, over every page. */
  total: number;
  days: number;
  page: number;
  pages: number;
  perPage: number;
}
