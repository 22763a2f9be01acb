/**
 * Where a form may send the browser next (`redirectTo` on the sign-in, language and large-text forms): the one
 * check every route that follows a redirect target goes through. Only a plain path on this site passes; anything
 * else — another site, a scheme, or a path a browser would read as another site — falls back to the caller's
 * default (the role's home, or '/').
 *
 * Why so strict: browsers remove tabs and newlines anywhere in a URL and read a backslash as a slash, so
 * "/\t/evil.example" and "/\\evil.example" both arrive as "//evil.example", another site; and a control
 * character cannot be carried in a Location header at all (the redirect would throw and answer 500).
 */
const MAX_TARGET_LENGTH = 1024;
/** Any origin will do: only whether the target stays on it matters. */
const BASE = 'http://peihuo.invalid';
/** Printable ASCII only (no space, no control character), starting with exactly one slash. */
const PLAIN_ASCII_PATH = /^\/(?![/\\])[\x21-\x7e]*$/;
/** Control characters (C0 and DEL) and the backslash, in the decoded target. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNSAFE_DECODED = /[\x00-\x1f\x7f\\]/;
/** Percent-decoding rounds before giving up: "%25252F" needs three to show its slash. */
const MAX_DECODE_ROUNDS = 4;

/** The target itself when it is a plain same-site path (as the browser would resolve it), else the fallback. */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof target !== 'string') return fallback;
  return plainSameSitePath(target) ?? fallback;
}

/** The path a browser would go to for this target, when it is a plain path on this site; null otherwise. */
export function plainSameSitePath(target: string): string | null {
  if (target.length > MAX_TARGET_LENGTH || !PLAIN_ASCII_PATH.test(target)) return null;
  // The same checks on the decoded text: a proxy or a later hop that decodes once more must not find a
  // control character, a backslash or a "//" either.
  const decoded = fullyDecoded(target);
  if (decoded === null || UNSAFE_DECODED.test(decoded) || decoded.includes('//')) return null;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  // What the browser will request: "/a/../b" is "/b", so a caller comparing prefixes compares the real path.
  const resolved = `${url.pathname}${url.search}${url.hash}`;
  return PLAIN_ASCII_PATH.test(resolved) ? resolved : null;
}

/** The text with percent-escapes decoded until nothing changes; null when an escape is malformed. */
function fullyDecoded(text: string): string | null {
  let current = text;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  // Still changing after this many rounds: no page of ours is encoded that deep.
  return null;
}
