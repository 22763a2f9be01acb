/**
 * Column types that differ between the dialects, for migrations. Frozen migrations may import this
 * file; changing a helper here must never change what an existing migration creates.
 */
import type { ColumnDataType, Kysely } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

/** Auto-incrementing integer primary key. */
export function idType(db: Kysely<any>): ColumnDataType {
  return isPostgres(db) ? 'serial' : 'integer';
}

/** A calendar day ('YYYY-MM-DD'). */
export function dayType(db: Kysely<any>): ColumnDataType {
  return isPostgres(db) ? 'date' : 'text';
}

/** An instant, stored in UTC. */
export function instantType(db: Kysely<any>): ColumnDataType {
  return isPostgres(db) ? 'timestamptz' : 'text';
}


/** Bytes (a generated file kept in the database). */
export function bytesType(db: Kysely<any>): ColumnDataType {
  return isPostgres(db) ? 'bytea' : 'blob';
}
