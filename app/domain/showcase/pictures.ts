/**
 * Product pictures (新品推介, issue 19), pure: which spec a file in a zip is for, what a file may be, and the sizes
 * the pictures are re-encoded to. A file is placed on the spec whose code is its name without the extension
 * (`6901028075015.jpg` → spec 6901028075015; case and surrounding spaces aside); everything else is named in the
 * preview with why it was not placed. No I/O here: the images themselves are read in the upload reader's thread
 * (app/server/showcase/encode-pictures.server.ts).
 */

/** The most bytes one picture may have (as uploaded, before re-encoding). */
export const MAX_PICTURE_BYTES = 5 * 1024 * 1024;
/** The most pixels a picture may decode to (a 40-megapixel photo; a "pixel bomb" is refused before decoding). */
export const MAX_PICTURE_PIXELS = 40_000_000;
/** A zip of pictures is one upload: the server's multipart limit. */
export const MAX_PICTURE_ZIP_BYTES = 20 * 1024 * 1024;
/** The most files a zip of pictures may hold (a county has a few hundred specs). */
export const MAX_PICTURE_ZIP_FILES = 400;
export const MAX_DESCRIPTION_CHARS = 120;

/**
 * The sizes served, for a 360 px phone at up to 3× density: the order list's thumbnail is 40 CSS px square
 * (144 px), the new-spec card's picture at most 120 CSS px wide (360 px). Both as WebP and as JPEG (for browsers
 * without WebP), metadata stripped.
 */
export const THUMB_PX = 144;
export const THUMB_CSS_PX = 40;
export const CARD_PX = 360;
export const CARD_CSS_PX = 120;

export const UNPLACED_REASONS = ['not_image', 'too_large', 'unreadable', 'unknown_code', 'duplicate_code', 'folder_or_system_file', 'not_picture_name'] as const;
export type UnplacedReason = (typeof UNPLACED_REASONS)[number];

export interface Unplaced {
  fileName: string;
  reason: UnplacedReason;
}

const PICTURE_EXTENSION = /\.(jpe?g|png|webp)$/i;

/**
 * The spec code a file in a zip names, or why it names none: files inside folders are taken by their own name,
 * macOS's `__MACOSX/` copies and hidden files (`._x.jpg`, `.DS_Store`) are system files, and a name must end in
 * .jpg, .jpeg, .png or .webp.
 */
export function codeOfPictureFile(path: string): { code: string } | { reason: 'folder_or_system_file' | 'not_picture_name' } {
  const parts = path.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? '';
  if (parts.some((p) => p === '__MACOSX') || base.startsWith('.') || base === '') return { reason: 'folder_or_system_file' };
  if (!PICTURE_EXTENSION.test(base)) return { reason: 'not_picture_name' };
  const code = base.replace(PICTURE_EXTENSION, '').trim();
  if (!code) return { reason: 'not_picture_name' };
  return { code: normalizeCode(code) };
}

/** Spec codes compare without case and surrounding spaces. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

export interface PictureFileOutcome {
  fileName: string;
  /** The spec code it names (null: none). */
  code: string | null;
  /** Why it cannot be used, whatever its code (null: it is a picture). */
  problem: Exclude<UnplacedReason, 'unknown_code' | 'duplicate_code'> | null;
}

/**
 * Places the files of a zip on specs: a file naming an unknown code, or a second file for a spec already placed
 * (the first in the zip wins), is not placed; every file not placed is named with its reason, in the zip's order.
 */
export function placeFiles(files: readonly PictureFileOutcome[], specIdByCode: ReadonlyMap<string, number>): { placed: Array<{ fileName: string; specId: number }>; unplaced: Unplaced[] } {
  const placed: Array<{ fileName: string; specId: number }> = [];
  const unplaced: Unplaced[] = [];
  const taken = new Set<number>();
  for (const f of files) {
    if (f.problem) {
      unplaced.push({ fileName: f.fileName, reason: f.problem });
      continue;
    }
    const specId = f.code === null ? undefined : specIdByCode.get(f.code);
    if (specId === undefined) unplaced.push({ fileName: f.fileName, reason: 'unknown_code' });
    else if (taken.has(specId)) unplaced.push({ fileName: f.fileName, reason: 'duplicate_code' });
    else {
      taken.add(specId);
      placed.push({ fileName: f.fileName, specId });
    }
  }
  return { placed, unplaced };
}

/** A picture as the order page shows it: the hashes of its images (URLs /resources/spec-pictures/<hash>). */
export interface SpecPictureView {
  specId: number;
  description: string | null;
  /** null: the spec has a description but no picture. */
  image: { thumbWebp: string; thumbJpeg: string; cardWebp: string; cardJpeg: string; cardWidth: number; cardHeight: number } | null;
}

export const pictureUrl = (hash: string) => `/resources/spec-pictures/${hash}`;
export const PICTURE_HASH = /^[0-9a-f]{32}$/;
