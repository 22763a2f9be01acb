/**
 * Questions answered (issue 19): a retailer asks from the page it is on, the question lands in its manager's inbox,
 * the manager answers or hands it to staff, the shop reads the answer and may rate it. Pure rules only; the
 * queries are app/server/questions.server.ts.
 */

/** Where a question was asked from: what travels with it. */
export const QUESTION_CONTEXTS = ['order_line', 'allocation', 'data_issue', 'delivery', 'general'] as const;
export type QuestionContext = (typeof QUESTION_CONTEXTS)[number];

/** open: in the manager's inbox; with_staff: handed to staff; answered: final (one answer, never edited). */
export const QUESTION_STATUSES = ['open', 'with_staff', 'answered'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

export const QUESTION_MAX_CHARS = 500;
export const ANSWER_MAX_CHARS = 1000;
export const HAND_NOTE_MAX_CHARS = 300;
export const RATING_MIN = 1;
export const RATING_MAX = 5;

/** Whole minutes from asking to answering (never negative: clocks of two instances may differ by a little). */
export function responseMinutes(askedAt: string, answeredAt: string): number {
  return Math.max(0, Math.round((Date.parse(answeredAt) - Date.parse(askedAt)) / 60_000));
}

/** Answer time as the monitoring page states it: hours, from summed minutes over answered questions. */
export function answerHours(answerMinutes: number, answered: number): number | null {
  return answered > 0 ? answerMinutes / answered / 60 : null;
}

/** Who may do what with a question in its state. */
export function mayAnswer(status: string): boolean {
  return status === 'open' || status === 'with_staff';
}

export function mayHandToStaff(status: string): boolean {
  return status === 'open';
}

/** What a question row shows anywhere (the shop's list, the inboxes). */
export interface QuestionView {
  id: number;
  askedAt: string;
  body: string;
  contextKind: string;
  contextCode: string | null;
  contextLabel: string;
  status: string;
  handedAt: string | null;
  handNote: string | null;
  answer: string | null;
  answeredAt: string | null;
  answeredByRole: string | null;
  rating: number | null;
  /** The answer had not been read by the shop when the page was loaded. */
  unread: boolean;
}

/** An inbox row: the question with the shop that asked and how to reach it. */
export interface InboxQuestion extends QuestionView {
  retailerId: number;
  retailerName: string;
  licenceNo: string;
  phone: string;
  managerName: string;
}
