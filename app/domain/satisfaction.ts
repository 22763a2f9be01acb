/**
 * The quarterly satisfaction survey (客户满意度): four topics scored 0–100 and a comment, one answer per retailer
 * per quarter. A shop's score is the mean of its four topics; a group's score per topic is the mean of its
 * answers, and its overall score the mean of its shops' scores (so every answer weighs the same).
 */
import { isDay } from './time';

export const SATISFACTION_TOPICS = ['supply', 'ordering', 'delivery', 'manager'] as const;
export type SatisfactionTopic = (typeof SATISFACTION_TOPICS)[number];

export const SCORE_MIN = 0;
export const SCORE_MAX = 100;
export const COMMENT_MAX_CHARS = 500;

export type TopicScores = Record<SatisfactionTopic, number>;

export function isValidScore(n: number): boolean {
  return Number.isInteger(n) && n >= SCORE_MIN && n <= SCORE_MAX;
}

/** '2026-Q4' for a day in October–December 2026. */
export function quarterOf(day: string): string {
  if (!isDay(day)) throw new RangeError(`not a calendar day: ${day}`);
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

const QUARTER_RE = /^(\d{4})-Q([1-4])$/;

export function isQuarter(value: string): boolean {
  return QUARTER_RE.test(value);
}

/** First and last day of a quarter. */
export function quarterBounds(quarter: string): { from: string; to: string } {
  const m = QUARTER_RE.exec(quarter);
  if (!m) throw new RangeError(`not a quarter: ${quarter}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  const firstMonth = (q - 1) * 3 + 1;
  const from = `${year}-${String(firstMonth).padStart(2, '0')}-01`;
  const end = new Date(Date.UTC(year, firstMonth + 2, 0));
  return { from, to: end.toISOString().slice(0, 10) };
}

export function previousQuarter(quarter: string): string {
  const m = QUARTER_RE.exec(quarter);
  if (!m) throw new RangeError(`not a quarter: ${quarter}`);
  const q = Number(m[2]);
  return q === 1 ? `${Number(m[1]) - 1}-Q4` : `${m[1]}-Q${q - 1}`;
}

/** One shop's score: the mean of its four topics. */
export function shopScore(scores: TopicScores): number {
  return SATISFACTION_TOPICS.reduce((sum, topic) => sum + scores[topic], 0) / SATISFACTION_TOPICS.length;
}

export interface SatisfactionSummary {
  answers: number;
  /** Mean per topic; null when there are no answers. */
  byTopic: Record<SatisfactionTopic, number | null>;
  /** Mean of the shops' scores; null when there are no answers. */
  overall: number | null;
}

export function summarise(answers: readonly TopicScores[]): SatisfactionSummary {
  const n = answers.length;
  const mean = (pick: (a: TopicScores) => number) => (n ? answers.reduce((s, a) => s + pick(a), 0) / n : null);
  const byTopic = Object.fromEntries(SATISFACTION_TOPICS.map((topic) => [topic, mean((a) => a[topic])])) as Record<SatisfactionTopic, number | null>;
  return { answers: n, byTopic, overall: mean(shopScore) };
}

/** Summaries per group (station, manager …), in the order the groups first appear. */
export function summariseBy<T extends TopicScores, K>(answers: readonly T[], keyOf: (a: T) => K): Array<{ key: K; summary: SatisfactionSummary }> {
  const groups = new Map<K, T[]>();
  for (const a of answers) {
    const k = keyOf(a);
    const list = groups.get(k);
    if (list) list.push(a);
    else groups.set(k, [a]);
  }
  return [...groups].map(([key, list]) => ({ key, summary: summarise(list) }));
}

/** Share of the shops asked that answered; null when nobody was asked. */
export function responseRate(answered: number, asked: number): number | null {
  return asked > 0 ? answered / asked : null;
}
