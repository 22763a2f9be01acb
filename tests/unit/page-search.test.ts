/** A paged list's ?page= (app/domain/forms/page-search.ts): a page number, or the first page. */
import { describe, expect, it } from 'vitest';
import { pageOf } from '~/domain/forms/page-search';

describe('pageOf', () => {
  it('reads a page number, and anything else as the first page', () => {
    const at = (search: string) => pageOf(new URL(`http://localhost/retailer/uploads${search}`));
    expect(at('?page=3')).toBe(3);
    expect(at('')).toBe(1);
    for (const bad of ['?page=0', '?page=-2', '?page=1.5', '?page=abc', '?page=', '?page=99999999999']) expect(at(bad), bad).toBe(1);
  });
});
