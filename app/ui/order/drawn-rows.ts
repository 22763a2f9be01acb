/**
 * How many rows of a long list to draw. The server draws, and the browser hydrates, only the first screens' worth
 * (`FIRST_ROWS`); once the page is live the rest follow a chunk at a time, each chunk a transition started from a
 * task of its own, so no chunk holds the main thread for long and a tap on a drawn row is answered between chunks.
 * Hydrating the order page's whole list at once was its one long task on a mid-range phone (Lighthouse's Total
 * Blocking Time ~1 s; issue 16). Search and filters still run over the whole list: this only says how many of the
 * rows they keep are drawn, and a shorter list is drawn whole at once.
 */
import { startTransition, useEffect, useState } from 'react';

/** Rows drawn as the page opens: two screens of a 360 × 740 phone and a bit more (a row is ~95–110 px high). */
export const FIRST_ROWS = 12;
/** Rows added per step after that. */
export const CHUNK_ROWS = 4;

export function useDrawnRows(total: number): number {
  const [drawn, setDrawn] = useState(FIRST_ROWS);
  useEffect(() => {
    if (drawn >= total) return;
    // A new task (not this commit's): the browser paints and answers input before the next chunk.
    const timer = setTimeout(() => startTransition(() => setDrawn((n) => n + CHUNK_ROWS)), 0);
    return () => clearTimeout(timer);
  }, [drawn, total]);
  return Math.min(drawn, total);
}
