/** The scheduled-reports page's forms (staff.reports.tsx): schedule a report, stop one, produce one now. */
import { z } from 'zod';
import { isDay } from '../time';

export const SCHEDULE_KINDS = ['week', 'month'] as const;
export const REPORT_KINDS = ['day', 'week', 'month'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_LANGUAGES = ['zh-CN', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export const reportsForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('schedule'), kind: z.enum(SCHEDULE_KINDS), language: z.enum(REPORT_LANGUAGES) }),
  z.object({ intent: z.literal('unschedule'), scheduleId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  z.object({
    intent: z.literal('produce'),
    kind: z.enum(REPORT_KINDS),
    language: z.enum(REPORT_LANGUAGES),
    day: z.string().refine(isDay, 'bad_day').optional(),
  }),
]);
