/** Room a multipart form needs beside its file: the other fields and the part boundaries. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Whether a form posting one file declares (Content-Length) a body too large for a file of at most
 * `maxFileBytes`: checked before anything reads the body, so an oversized upload is refused at once.
 */
export function declaresFileOver(request: Request, maxFileBytes: number): boolean {
  return Number(request.headers.get('Content-Length') ?? 0) > maxFileBytes + FORM_OVERHEAD_BYTES;
}
