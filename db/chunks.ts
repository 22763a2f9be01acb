/**
 * A list cut into parts of at most `size`, for statements that take one parameter per item: each database
 * limits how many parameters one statement may carry (SQLite 32,766, PostgreSQL 65,535), so long lists go in
 * several statements.
 */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
