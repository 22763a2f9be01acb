/** getSearch (app/server/http.server.ts): a request's search params parsed with a zod schema at the edge. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pageSearch } from '~/domain/forms/page-search';
import { getSearch, idParam } from '~/server/http.server';

const at = (search: string) => new Request(`http://localhost/x${search}`);

/** What getSearch throws, or null when it returns. */
function thrown(run: () => unknown): unknown {
  try {
    run();
    return null;
  } catch (e) {
    return e;
  }
}

describe('getSearch', () => {
  it('a lenient schema reads a page number, and anything else as its default (the first page)', () => {
    const page = (search: string) => getSearch(at(search), pageSearch).page;
    expect(page('?page=3')).toBe(3);
    expect(page('')).toBe(1);
    for (const bad of ['?page=0', '?page=-2', '?page=1.5', '?page=abc', '?page=', '?page=99999999999']) expect(page(bad), bad).toBe(1);
  });

  it('a strict schema throws a Response with the status (404 unless told) when the search does not parse', () => {
    const strict = z.object({ cycleId: idParam });
    expect(getSearch(at('?cycleId=12'), strict)).toEqual({ cycleId: 12 });
    for (const [search, status] of [['', 404], ['?cycleId=x', 404], ['?cycleId=0', 400]] as const) {
      const e = thrown(() => getSearch(at(search), strict, status));
      expect(e, search).toBeInstanceOf(Response);
      expect((e as Response).status, search).toBe(status);
    }
  });

  it('a param given twice counts with its last value', () => {
    expect(getSearch(at('?page=2&page=5'), pageSearch).page).toBe(5);
    expect(getSearch(at('?page=2&page=x'), pageSearch).page).toBe(1);
  });
});
