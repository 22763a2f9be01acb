/**
 * The one check of redirect targets (`redirectTo` on sign-in, language and large-text forms), with properties
 * over arbitrary and hostile strings: whatever comes out is a plain path that stays on this site as a browser
 * reads it (browsers drop tabs and newlines anywhere in a URL and read '\' as '/') and that a Location header can
 * carry; plain paths of the app's own shape come out unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainSameSitePath, safeRedirectPath } from '~/domain/redirect-target';

const SITE = 'https://peihuo.example';
const FALLBACK = '/home';

/** Where a browser goes for a Location value, after the clean-up the URL standard does before parsing. */
function browserDestination(location: string): URL {
  // eslint-disable-next-line no-control-regex -- the URL standard strips exactly these
  const cleaned = location.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
  return new URL(cleaned, `${SITE}/some/page`);
}

function staysOnSite(location: string): boolean {
  try {
    return browserDestination(location).origin === SITE;
  } catch {
    return false;
  }
}

const segment = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,11}$/);
const appPath = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.option(fc.dictionary(segment, segment, { minKeys: 1, maxKeys: 3 }), { nil: undefined }))
  .map(([segments, query]) => `/${segments.join('/')}${query ? `?${new URLSearchParams(query).toString()}` : ''}`);

/** Pieces attackers use, mixed with ordinary ones. */
const hostilePiece = fc.constantFrom(
  '/', '//', '\\', '/\\', '\t', '\n', '\r', ' ', '\u0000', '\u007f', '%0A', '%09', '%0d', '%2F', '%2f%2f', '%5C', '%5c', '%252F', '%25',
  'evil.example', '@evil.example', 'javascript:', 'http:', 'https://', ':', '..', '.', '?', '#', '&', '=', '\u3000', '\u2028', '％２Ｆ', '／', '．',
);
const hostile = fc.array(fc.oneof(hostilePiece, segment), { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join(''));

describe('redirect targets: only plain same-site paths pass', () => {
  it('whatever it is given, the answer stays on this site, carries no control character and fits in a header', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 64 }), hostile, appPath), (target) => {
        const out = safeRedirectPath(target, FALLBACK);
        expect(out === FALLBACK || out.startsWith('/')).toBe(true);
        expect(out).toMatch(/^[\x21-\x7e]+$/);
        expect(out.startsWith('//') || out.startsWith('/\\')).toBe(false);
        expect(staysOnSite(out)).toBe(true);
        expect(() => new Headers({ Location: out })).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it('a target with a control character, a backslash or whitespace anywhere falls back, encoded or not', () => {
    const unsafe = fc.constantFrom('\t', '\n', '\r', '\u0000', '\u001b', '\u007f', ' ', '\\', '%09', '%0A', '%0D', '%00', '%7F', '%5C', '%250A');
    fc.assert(
      fc.property(appPath, unsafe, fc.nat(), (path, bad, at) => {
        const i = 1 + (at % path.length);
        expect(safeRedirectPath(`${path.slice(0, i)}${bad}${path.slice(i)}`, FALLBACK)).toBe(FALLBACK);
      }),
      { numRuns: 3000 },
    );
  });

  it('a target whose path a browser would read as another site falls back', () => {
    fc.assert(
      fc.property(hostile, (target) => {
        const out = safeRedirectPath(target, FALLBACK);
        if (!staysOnSite(target)) expect(out).toBe(FALLBACK);
      }),
      { numRuns: 5000 },
    );
  });

  it("the app's own paths (what the forms send: pathname and search) come back unchanged, and the check is idempotent", () => {
    fc.assert(
      fc.property(appPath, (path) => {
        expect(safeRedirectPath(path, FALLBACK)).toBe(path);
      }),
    );
    fc.assert(
      fc.property(fc.oneof(hostile, appPath, fc.string({ maxLength: 40 })), (target) => {
        const once = safeRedirectPath(target, FALLBACK);
        expect(safeRedirectPath(once, FALLBACK)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it('the cases from the attack report, and the classics', () => {
    for (const bad of [
      '/retailer\nX',
      '/\t/evil.example',
      '/\n/evil.example',
      '/%09/evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/%2F%2Fevil.example',
      '/%5Cevil.example',
      'https://evil.example',
      'javascript:alert(1)',
      ' /retailer',
      '/retailer ',
      '/retailer%',
      '',
      `/${'a'.repeat(2000)}`,
      null,
      undefined,
    ]) {
      expect(safeRedirectPath(bad, FALLBACK), JSON.stringify(bad)).toBe(FALLBACK);
    }
    expect(safeRedirectPath('/retailer/orders?status=open', FALLBACK)).toBe('/retailer/orders?status=open');
    expect(safeRedirectPath('/retailer/order?q=%E4%B8%AD', FALLBACK)).toBe('/retailer/order?q=%E4%B8%AD');
    // Dot segments resolved as the browser resolves them, so a prefix check by the caller sees the real path.
    expect(plainSameSitePath('/retailer/../staff')).toBe('/staff');
  });
});
