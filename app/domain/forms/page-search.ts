/**
 * A paged list's page in the URL (`?page=3`), parsed at the edge with `getSearch(request, pageSearch)`: 1-based;
 * anything that is not a page number reads as the first page (a stale or hand-typed link still shows the list), and a
 * page past the end is the server's to clamp to the last.
 */
import { z } from 'zod';

export const pageSearch = z.object({ page: z.coerce.number().int().positive().max(1_000_000).catch(1) });
