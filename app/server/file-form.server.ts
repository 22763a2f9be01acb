/**
 * A form that posts files (multipart/form-data), read in one way everywhere: refused before the body is read when
 * it declares more than the files may hold (declaresFileOver), then read whole by the platform's parser — Node's
 * `Request.formData()` (undici), which follows the HTML standard's multipart encoding — and refused when a file in
 * it is over the limit. The body is bounded: server.js refuses a multipart body over its limit or of unknown length
 * before any route runs.
 *
 * Not Remix's `unstable_parseMultipartFormData`: its part-header reader (@web3-storage/multipart-parser) splits
 * `filename="…"` at the first '=' and ';' and keeps browsers' %22 escapes, so a file named "价目表 v=2.pdf" or
 * "a;b.jpg" threw, and pages told the user the file was too large or asked them to rename it. A file's name is
 * not trusted either way: each service cleans it where it keeps or shows it (notices: cleanFileName). Node's
 * parser also holds the event loop a third as long for a large file (resources.uploads.stage.tsx).
 */
import { declaresFileOver } from './request-size.server';

export type FileFormRead = { ok: true; form: FormData } | { ok: false; reason: 'too_large' | 'unreadable' };

export async function readFileForm(request: Request, maxFileBytes: number): Promise<FileFormRead> {
  if (declaresFileOver(request, maxFileBytes)) return { ok: false, reason: 'too_large' };
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    // Not multipart, cut short, or malformed: nothing a browser's own form sends.
    return { ok: false, reason: 'unreadable' };
  }
  for (const [, value] of form) if (typeof value !== 'string' && value.size > maxFileBytes) return { ok: false, reason: 'too_large' };
  return { ok: true, form };
}
