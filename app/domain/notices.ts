/**
 * Announcements (通知公告, issue 19), the pure part: who a notice is aimed at, what an attachment really is (from
 * its bytes), and the name it is offered under. No SQL, no I/O: app/server/notices.server.ts resolves the
 * audience to shops and stores what this file accepted.
 */
import { IMAGE_EXTENSION, sniffImageType, type ImageType } from './image-type';

export const NOTICE_TITLE_MAX_CHARS = 100;
export const NOTICE_BODY_MAX_CHARS = 5000;
/** An attachment: at most 8 MB (a scanned notice or a price sheet as PDF, a photo of a poster). */
export const MAX_NOTICE_FILE_BYTES = 8 * 1024 * 1024;
/** The longest file name kept (characters, before the extension is checked). */
export const NOTICE_FILE_NAME_MAX_CHARS = 80;

/**
 * Who a notice is aimed at. Each list narrows the audience (empty = no narrowing): a shop must be in one of the
 * stations, on one of the routes (account managers), of one of the business types, and within the grade band.
 * Everything empty is everyone (staff) or the whole route (a manager). Only active shops are counted.
 */
export interface NoticeAudience {
  stationIds: number[];
  managerIds: number[];
  businessTypes: string[];
  gradeFrom: number | null;
  gradeTo: number | null;
}

export const EVERYONE: NoticeAudience = { stationIds: [], managerIds: [], businessTypes: [], gradeFrom: null, gradeTo: null };

export function isEveryone(a: NoticeAudience): boolean {
  return a.stationIds.length === 0 && a.managerIds.length === 0 && a.businessTypes.length === 0 && a.gradeFrom === null && a.gradeTo === null;
}

/** Whether one shop is in the audience (the same rule the server's query applies; the tests hold them together). */
export function shopInAudience(a: NoticeAudience, shop: { stationId: number; managerId: number; businessType: string; grade: number }): boolean {
  if (a.stationIds.length && !a.stationIds.includes(shop.stationId)) return false;
  if (a.managerIds.length && !a.managerIds.includes(shop.managerId)) return false;
  if (a.businessTypes.length && !a.businessTypes.includes(shop.businessType)) return false;
  if (a.gradeFrom !== null && shop.grade < a.gradeFrom) return false;
  if (a.gradeTo !== null && shop.grade > a.gradeTo) return false;
  return true;
}

/** The audience as stored (audience_json), read back defensively: anything malformed reads as its empty part. */
export function parseAudience(json: string): NoticeAudience {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return EVERYONE;
  }
  const o = (raw ?? {}) as Record<string, unknown>;
  const ints = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is number => Number.isSafeInteger(x)) : []);
  const grade = (v: unknown) => (Number.isInteger(v) ? (v as number) : null);
  return {
    stationIds: ints(o.stationIds),
    managerIds: ints(o.managerIds),
    businessTypes: Array.isArray(o.businessTypes) ? o.businessTypes.filter((x): x is string => typeof x === 'string') : [],
    gradeFrom: grade(o.gradeFrom),
    gradeTo: grade(o.gradeTo),
  };
}

export type AttachmentType = ImageType | 'application/pdf';

export const ATTACHMENT_EXTENSION: Record<AttachmentType, string> = { ...IMAGE_EXTENSION, 'application/pdf': 'pdf' };

/** What a file really is, from its first bytes: a PDF (`%PDF-`) or a JPEG, PNG or WebP image; anything else is null. */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  if (bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-') return 'application/pdf';
  return sniffImageType(bytes);
}

/**
 * The name an attachment is shown and offered under: the last part of what the browser sent (no folders), without
 * control or bidirectional-override characters, quotes or characters file systems refuse, at most
 * NOTICE_FILE_NAME_MAX_CHARS, and ending in the extension of its checked type (a PDF named "x.exe" is offered as
 * "x.exe.pdf"). Empty names become "附件".
 */
export function cleanFileName(name: string, type: AttachmentType): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"'<>:*?|`]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const ext = ATTACHMENT_EXTENSION[type];
  const stem = Array.from(cleaned.replace(new RegExp(`\\.${ext}$`, 'i'), '')).slice(0, NOTICE_FILE_NAME_MAX_CHARS).join('').trim();
  return `${stem || '附件'}.${ext}`;
}

// ------------------------------------------------------------------ chasing those who have not done it

/** A shop is reminded of a notice at most once in this many hours, whoever chases (staff or its manager). */
export const NOTICE_CHASE_INTERVAL_HOURS = 4;
/** A reminder not yet sent (Web Push and SMS wait for quiet hours) is dropped after this many days. */
export const NOTICE_REMINDER_DAYS = 3;

/** A shop still to acknowledge (or read) a notice, as the chase sees it. */
export interface ChaseCandidate {
  id: number;
  /** It has an account to be reminded on (an active shop with a user). */
  reachable: boolean;
  /** When it was last reminded of this notice (null: never). */
  chasedAt: string | null;
}

export interface ChasePlan {
  /** The shops a chase now would remind. */
  due: number[];
  /** Shops reminded less than NOTICE_CHASE_INTERVAL_HOURS ago, and when the first of them may be reminded again. */
  recent: number;
  nextAt: string | null;
  /** Shops with no account to remind (to phone or visit). */
  unreachable: number;
}

/** Which of the shops still to do a notice a chase would remind now, and why the others would not be. */
export function chasePlan(pending: readonly ChaseCandidate[], now: Date): ChasePlan {
  const interval = NOTICE_CHASE_INTERVAL_HOURS * 3_600_000;
  const due: number[] = [];
  let recent = 0;
  let unreachable = 0;
  let next: number | null = null;
  for (const shop of pending) {
    if (!shop.reachable) {
      unreachable++;
      continue;
    }
    const again = shop.chasedAt === null ? null : Date.parse(shop.chasedAt) + interval;
    if (again === null || again <= now.getTime()) {
      due.push(shop.id);
    } else {
      recent++;
      next = next === null ? again : Math.min(next, again);
    }
  }
  return { due, recent, nextAt: next === null ? null : new Date(next).toISOString(), unreachable };
}
