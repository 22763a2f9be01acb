/**
 * The worker thread's side of the upload reader (read-pool.server.ts): reads one file with readTable and
 * answers with the table already serialised, so the main thread receives one string (a copy of a few MB)
 * instead of a structured clone of 200,000 rows × 10 cells, and stores it as it is.
 *
 * Built to build/server/read-table.worker.js by the Vite build (vite-plugins/upload-worker.ts); run from
 * source under tsx in development and tests.
 */
import { readTable, type ReadTableOptions } from './read-table.server';
import type { WorkerReadResult, WorkerReadTask } from './read-pool.server';

export default async function readInWorker(task: WorkerReadTask): Promise<WorkerReadResult> {
  const read = await readTable(task.fileName, task.bytes, task.options satisfies ReadTableOptions);
  if (!read.ok) return read;
  const { rows, ...head } = read.table;
  return { ok: true, head: { ...head, rowCount: rows.length }, tableJson: JSON.stringify(read.table) };
}
