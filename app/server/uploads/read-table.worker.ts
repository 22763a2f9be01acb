/**
 * The worker thread's side of the upload reader (read-pool.server.ts): reads one file with readTable and
 * answers with the table already packed (staged-table.server.ts: JSON, gzipped), so the main thread receives a
 * few MB of bytes instead of a structured clone of 200,000 rows × 10 cells, and stores them as they are.
 *
 * Built to build/server/read-table.worker.js by the Vite build (vite-plugins/upload-worker.ts); run from
 * source under tsx in development and tests.
 *
 * The named export `replayHistory` is the staff backtest page's job on an uploaded history (read, preview and
 * replay in one task: see read-pool.server.ts replayUploadInPool).
 */
import { readTable, type ReadTableOptions } from './read-table.server';
import { packTable } from './staged-table.server';
import type { WorkerReadResult, WorkerReadTask } from './read-pool.server';

export { replayHistoryUpload as replayHistory } from '../backtest-history.server';
// Product pictures (issue 19): checked and re-encoded here, off the event loop (read-pool.server.ts encodePicturesInPool).
export { encodePicturesTask as encodePictures } from '../showcase/encode-pictures.server';

export default async function readInWorker(task: WorkerReadTask): Promise<WorkerReadResult> {
  const read = await readTable(task.fileName, task.bytes, task.options satisfies ReadTableOptions);
  if (!read.ok) return read;
  const { rows, ...head } = read.table;
  return { ok: true, head: { ...head, rowCount: rows.length }, tableGz: await packTable(read.table) };
}
