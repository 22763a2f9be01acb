/**
 * A read error (ReadErrorCode and its detail, as readTable and the upload reader give them) → the sentence the
 * user reads, in their language. The one place that knows which parameter each message takes, for the three
 * pages that read files (a shop's uploads, staff's master data, a cycle's caps and supply): every message says
 * which file — and for Excel, which sheet — it is about, and the limits it states are the ones applied.
 * Used on the server (serverT) and in the browser (useTranslation's t) alike.
 */
import type { TFunction } from 'i18next';
import { DEFAULT_MAX_BYTES, type ArchiveLimitReason, type ReadErrorCode } from '~/domain/uploads/read-errors';

export const READ_ERROR_CODES = [
  'empty_file',
  'too_large',
  'too_many_rows',
  'not_a_table',
  'corrupt_xlsx',
  'corrupt_gzip',
  'unsupported_type',
  'mixed_encoding',
  'archive_too_large',
  'too_complex',
  'busy',
] as const satisfies readonly ReadErrorCode[];

// Every ReadErrorCode is listed above (a code added to the type without a message fails to compile here).
type Missing = Exclude<ReadErrorCode, (typeof READ_ERROR_CODES)[number]>;
const _allListed: Missing extends never ? true : never = true;
void _allListed;

export function isReadErrorCode(code: string): code is ReadErrorCode {
  return (READ_ERROR_CODES as readonly string[]).includes(code);
}

const MIB = 1024 * 1024;
const ARCHIVE_REASONS: readonly ArchiveLimitReason[] = ['entries', 'entry_size', 'total_size', 'ratio'];

type Detail = Record<string, string | number | undefined> | undefined;

/** The words for a read error; null when `code` is not a read error (the page's own codes are its business). */
export function readErrorMessage(t: TFunction, code: string, detail: Detail, fileName: string | null | undefined): string | null {
  if (!isReadErrorCode(code)) return null;
  const d = detail ?? {};
  const file = fileName || String(d.fileName ?? '');
  const sheet = typeof d.sheet === 'string' ? d.sheet : null;
  const where = sheet ? t('fileRead.where.sheet', { file, sheet }) : t('fileRead.where.file', { file });
  const number = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : typeof v === 'string' ? v : '');
  switch (code) {
    case 'too_large': {
      const maxMb = Math.floor(Number(d.maxBytes ?? DEFAULT_MAX_BYTES) / MIB);
      return d.unpacked ? t('fileRead.error.too_large_unpacked', { where, maxMb }) : t('fileRead.error.too_large', { maxMb });
    }
    case 'too_many_rows':
      return t('fileRead.error.too_many_rows', { where, rows: number(d.rows), maxRows: number(d.maxRows) });
    case 'not_a_table':
      // Only a text file has separators to speak of; an Excel sheet has cells.
      return d.format === 'xlsx' ? t('fileRead.error.not_a_table_sheet', { where }) : t('fileRead.error.not_a_table', { where });
    case 'mixed_encoding':
      return t('fileRead.error.mixed_encoding', { where, firstUtf8LineNo: number(d.firstUtf8LineNo), firstOtherLineNo: number(d.firstOtherLineNo) });
    case 'archive_too_large': {
      const reason = ARCHIVE_REASONS.includes(d.reason as ArchiveLimitReason) ? (d.reason as ArchiveLimitReason) : 'total_size';
      return t(`fileRead.error.archive_too_large.${reason}`, {
        where,
        part: String(d.entry ?? ''),
        entries: number(d.entries),
        maxEntries: number(d.maxEntries),
        sizeMb: number(d.sizeMb),
        maxMb: number(d.maxMb),
      });
    }
    case 'empty_file':
    case 'corrupt_xlsx':
    case 'corrupt_gzip':
    case 'unsupported_type':
    case 'too_complex':
    case 'busy':
      return t(`fileRead.error.${code}`, { where });
  }
}

/** The HTTP status a read error is answered with: 503 (try again) when the readers are busy, else 422. */
export function readErrorStatus(code: ReadErrorCode): number {
  return code === 'busy' ? 503 : 422;
}

/** How long a refused upload should wait before trying again (seconds), when the readers were busy. */
const BUSY_RETRY_AFTER_S = 60;

/** The headers an upload refused for this code is answered with: Retry-After when the readers were busy. */
export function uploadRefusalHeaders(code: string): HeadersInit {
  return code === 'busy' ? { 'Retry-After': String(BUSY_RETRY_AFTER_S) } : {};
}

/**
 * A read error's detail carried in a URL (the no-JavaScript upload is redirected back to the page with it):
 * flat string and number values only; anything else is dropped.
 */
export function detailParam(raw: string | null): Record<string, string | number> {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'));
  } catch {
    return {};
  }
}
