/** Issue 19's pure rules: which spec a file in a zip is for, and the supply notice's caps by grade band. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOfPictureFile, placeFiles, type PictureFileOutcome } from '~/domain/showcase/pictures';
import { buildSupplyNotice, capForGrade, mergeCapBands, noticePublished, type CapBand } from '~/domain/showcase/supply-notice';

describe('files of a zip of pictures', () => {
  it('take the spec code from the file name, inside folders too; system files and other names are said so', () => {
    expect(codeOfPictureFile('6901028075015.jpg')).toEqual({ code: '6901028075015' });
    expect(codeOfPictureFile('图片/ab-12 .JPEG')).toEqual({ code: 'AB-12' });
    expect(codeOfPictureFile('x\\002.webp')).toEqual({ code: '002' });
    expect(codeOfPictureFile('__MACOSX/._002.jpg')).toEqual({ reason: 'folder_or_system_file' });
    expect(codeOfPictureFile('.DS_Store')).toEqual({ reason: 'folder_or_system_file' });
    expect(codeOfPictureFile('002.gif')).toEqual({ reason: 'not_picture_name' });
    expect(codeOfPictureFile('.jpg')).toEqual({ reason: 'folder_or_system_file' });
    expect(codeOfPictureFile(' .png')).toEqual({ reason: 'not_picture_name' });
  });

  const outcome = fc.record({
    fileName: fc.string({ maxLength: 12 }),
    code: fc.option(fc.constantFrom('A', 'B', 'C', 'D'), { nil: null }),
    problem: fc.option(fc.constantFrom('not_image' as const, 'too_large' as const, 'unreadable' as const), { nil: null }),
  });
  const known = new Map([
    ['A', 1],
    ['B', 2],
    ['C', 3],
  ]);

  it('every file is either placed or named with a reason, each spec gets at most one, the first usable file wins', () => {
    fc.assert(
      fc.property(fc.array(outcome as fc.Arbitrary<PictureFileOutcome>, { maxLength: 30 }), (files) => {
        const { placed, unplaced } = placeFiles(files, known);
        expect(placed.length + unplaced.length).toBe(files.length);
        expect(new Set(placed.map((p) => p.specId)).size).toBe(placed.length);
        for (const p of placed) {
          const first = files.find((f) => !f.problem && f.code !== null && known.get(f.code) === p.specId)!;
          expect(p.fileName).toBe(first.fileName);
        }
        for (const u of unplaced) expect(u.reason).toMatch(/^(not_image|too_large|unreadable|unknown_code|duplicate_code)$/);
        // A file with a problem is never placed; an unknown code never is.
        expect(placed.length).toBeLessThanOrEqual(files.filter((f) => !f.problem && f.code !== null && known.has(f.code)).length);
      }),
    );
  });
});

describe('the supply notice', () => {
  const band = fc.record({ gradeFrom: fc.integer({ min: 1, max: 30 }), len: fc.integer({ min: 0, max: 10 }), capCartons: fc.integer({ min: 0, max: 4 }) });
  /** Bands that do not overlap, as a cycle's caps are (one cap per grade). */
  const bands = fc.array(band, { maxLength: 8 }).map((bs) => {
    const taken = new Set<number>();
    const out: CapBand[] = [];
    for (const b of bs) {
      const to = Math.min(30, b.gradeFrom + b.len);
      const grades = Array.from({ length: to - b.gradeFrom + 1 }, (_, i) => b.gradeFrom + i);
      if (grades.some((g) => taken.has(g))) continue;
      grades.forEach((g) => taken.add(g));
      out.push({ gradeFrom: b.gradeFrom, gradeTo: to, capCartons: b.capCartons });
    }
    return out;
  });

  it('merging bands changes no grade’s cap, and leaves no two touching bands with the same cap', () => {
    fc.assert(
      fc.property(bands, (bs) => {
        const merged = mergeCapBands(bs);
        for (let g = 1; g <= 30; g++) expect(capForGrade(merged, g)).toBe(capForGrade(bs, g));
        for (let i = 1; i < merged.length; i++) {
          const [a, b] = [merged[i - 1]!, merged[i]!];
          expect(a.gradeTo < b.gradeFrom).toBe(true);
          if (a.gradeTo + 1 === b.gradeFrom) expect(a.capCartons).not.toBe(b.capCartons);
        }
      }),
    );
  });

  it('lists scarce, new, capped and limited specs — scarce first — with 按档位 when staff chose no method', () => {
    const spec = (code: string, over: object) => ({ specId: Number(code), code, name: code, isScarce: false, isNew: false, supplyCartons: null, caps: [], method: null, ...over });
    const notice = buildSupplyNotice({ code: 'W1', opensAt: '2026-11-21T01:00:00.000Z' }, [
      spec('005', {}),
      spec('004', { supplyCartons: 10 }),
      spec('003', { isNew: true }),
      spec('002', { isScarce: true, caps: [{ gradeFrom: 1, gradeTo: 30, capCartons: 2 }], method: { kind: 'demand', floorCartons: 1 } }),
      spec('001', { caps: [{ gradeFrom: 11, gradeTo: 30, capCartons: 2 }, { gradeFrom: 1, gradeTo: 10, capCartons: 2 }] }),
    ]);
    expect(notice.specs.map((s) => s.code)).toEqual(['002', '003', '001', '004']);
    expect(notice.specs[0]!.method).toEqual({ kind: 'demand', floorCartons: 1 });
    expect(notice.specs[2]!.capBands).toEqual([{ gradeFrom: 1, gradeTo: 30, capCartons: 2 }]);
    expect(notice.specs[3]!.method).toEqual({ kind: 'grade' });
  });

  it('is published from the moment the cycle opens, never for a planned one', () => {
    const opensAt = '2026-11-21T01:00:00.000Z';
    expect(noticePublished({ status: 'open', opensAt }, new Date('2026-11-21T00:59:59.000Z'))).toBe(false);
    expect(noticePublished({ status: 'open', opensAt }, new Date(opensAt))).toBe(true);
    expect(noticePublished({ status: 'planned', opensAt }, new Date('2026-11-25T00:00:00.000Z'))).toBe(false);
    expect(noticePublished({ status: 'closed', opensAt }, new Date('2026-11-25T00:00:00.000Z'))).toBe(true);
  });
});
