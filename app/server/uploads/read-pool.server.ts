/**
 * Uploaded files are read in worker threads (piscina), never on the event loop: reading a 200,000-row workbook
 * takes seconds of CPU and most of a GB of memory, and a hostile file more. The pool bounds all three:
 *  - threads: UPLOAD_READ_THREADS at once (default 1: the other core serves requests), and UPLOAD_READ_QUEUE
 *    files waiting; past that the upload is answered 'busy' (503, try again) instead of queueing without end;
 *  - memory: each worker's V8 heap is capped (UPLOAD_READ_HEAP_MB, 512 MB; the largest allowed file, 200,000 rows,
 *    needs ~250 MB — large workbooks are streamed, see read/xlsx-stream.server.ts); a file that needs more kills only its
 *    worker, which piscina replaces, and is refused as 'too_complex';
 *  - time: a read still running after UPLOAD_READ_TIMEOUT_S is stopped (its worker terminated), 'too_complex';
 *  - CPU: the worker threads run at a lower priority (nice +10), so a file being read takes the CPU the
 *    request-serving thread leaves, not a share of it.
 * Idle workers exit after 5 s, so the memory a large file took is given back (a thread starts in ~0.1 s).
 * The staff backtest page's replay of an uploaded history runs here too (replayUploadInPool): reading the file
 * and replaying it are one task of a few seconds, under the same limits.
 *
 * Where the worker's code is: beside this module's file. In the production build that is
 * build/server/read-table.worker.js (written by the Vite build, vite-plugins/upload-worker.ts); from source
 * (vitest, `npm run dev`) it is read-table.worker.ts, run under tsx. See docs/decisions/0010-upload-reader-worker-pool.md.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ReadError, ReadErrorCode } from '~/domain/uploads/read-errors';
import type { RawTable } from '~/domain/uploads/types';
import { env } from '../env.server';
import { logError, logWarn } from '../log.server';
import type { HistoryReplayOutcome, HistoryReplayTask } from '../backtest-history.server';
import type { ReadTableOptions } from './read-table.server';
import type { EncodeResult, EncodeTask } from '../showcase/encode-pictures.server';

export interface WorkerReadTask {
  fileName: string;
  bytes: Uint8Array;
  options: ReadTableOptions;
}

/** The table without its rows (which travel packed in `tableGz`: staged-table.server.ts). */
export type TableHead = Omit<RawTable, 'rows'> & { rowCount: number };

export type WorkerReadResult = { ok: true; head: TableHead; tableGz: Uint8Array } | { ok: false; error: ReadError };

/** What the app gets: the table's head to look at, its packed rows to store; or a read error in words' stead. */
export type UploadRead = WorkerReadResult;

let pool: Piscina | null = null;
/** Files being read or waiting. Counted here: piscina's maxQueue does not count tasks that carry an AbortSignal. */
let inFlight = 0;

function workerFile(): { filename: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  // Running from TypeScript source (vitest, Vite's dev server): the worker runs its source under tsx.
  if (/\.tsx?$/.test(here)) return { filename: path.join(path.dirname(here), 'read-table.worker.ts'), execArgv: ['--import', 'tsx'] };
  return { filename: path.join(path.dirname(here), 'read-table.worker.js'), execArgv: [] };
}

function readPool(): Piscina {
  if (pool) return pool;
  const { filename, execArgv } = workerFile();
  pool = new Piscina({
    filename,
    execArgv,
    minThreads: 0,
    maxThreads: env().UPLOAD_READ_THREADS,
    idleTimeout: 5_000,
    // Reading a file yields the CPU to the threads that serve requests (Linux: per-thread nice, via @napi-rs/nice).
    niceIncrement: 10,
    resourceLimits: { maxOldGenerationSizeMb: env().UPLOAD_READ_HEAP_MB },
  });
  // A worker that dies between tasks (its heap full after a large file) is an 'error' event on the pool: without a
  // listener it would take the server down. Piscina replaces the worker; the next file is read as usual.
  pool.on('error', (error: Error & { code?: string }) => logWarn('upload reader thread stopped between files', { component: 'uploads', reason: error.code ?? error.message }));
  return pool;
}

type Refused = { ok: false; error: ReadError };
const refused = (code: ReadErrorCode, fileName: string): Refused => ({ ok: false, error: { code, detail: { fileName } } });

/**
 * One task on the pool, under its limits (queue, heap, time): the worker module's default export (a file read)
 * or the export `name`. Never throws for what a file does: a refusal comes back as a read error.
 */
async function runInPool<R>(fileName: string, byteCount: number, task: object, name?: string): Promise<R | Refused> {
  if (inFlight >= env().UPLOAD_READ_THREADS + env().UPLOAD_READ_QUEUE) {
    logWarn('upload reader busy: queue full', { component: 'uploads', fileName, queue: env().UPLOAD_READ_QUEUE });
    return refused('busy', fileName);
  }
  inFlight++;
  try {
    return (await readPool().run(task, { name, signal: AbortSignal.timeout(env().UPLOAD_READ_TIMEOUT_S * 1000) })) as R;
  } catch (e) {
    const error = e as Error & { code?: string };
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY' || error.name === 'AbortError' || /worker exited|terminated/i.test(error.message)) {
      logWarn('upload reader stopped: the file needed more memory or time than allowed', { component: 'uploads', fileName, bytes: byteCount, reason: error.code ?? error.name ?? error.message });
      return refused('too_complex', fileName);
    }
    // A fault in the reader itself: logged as one, and the user still gets an answer rather than a 500.
    logError(error, { component: 'uploads', fileName, bytes: byteCount });
    return refused('too_complex', fileName);
  } finally {
    inFlight--;
  }
}

/** Reads an uploaded file in a worker thread (see the module comment); never throws for what a file does. */
export async function readUpload(fileName: string, bytes: Uint8Array, options: ReadTableOptions = {}): Promise<UploadRead> {
  const task: WorkerReadTask = { fileName, bytes, options };
  return runInPool<UploadRead>(fileName, bytes.length, task);
}

/**
 * The staff backtest page's replay of an uploaded history (backtest-history.server.ts replayHistoryUpload): the
 * file is read and the replay run in the same worker thread, under the same limits as any file, so seconds of
 * replay never hold up the event loop. Its work is bounded (MAX_REPLAY_ITEM_DAYS), so it holds a reader for a
 * few seconds at most.
 */
export async function replayUploadInPool(task: HistoryReplayTask): Promise<HistoryReplayOutcome> {
  const bytes = task.history.bytes.length + (task.tradingDays?.bytes.length ?? 0);
  return runInPool<HistoryReplayOutcome>(task.history.fileName, bytes, task, 'replayHistory');
}

/**
 * Product pictures (issue 19, decision 0030): one picture, or a zip of them, checked by its bytes and re-encoded
 * by sharp in the reader's thread, under the same queue, heap and time limits as any file, so decoding a large
 * photo never holds up the event loop. A refusal of the pool itself (busy, too complex) comes back as a read error.
 */
export async function encodePicturesInPool(fileName: string, task: EncodeTask): Promise<EncodeResult | Refused> {
  return runInPool<EncodeResult>(fileName, task.bytes.length, task, 'encodePictures');
}

/**
 * Stops the workers (graceful shutdown; tests). A later read starts a new pool. Waits at most `waitMs`: piscina's
 * destroy() has been seen never to settle when a worker died at the same moment, and a shutdown must not hang.
 */
export async function closeReadPool(waitMs = 5_000): Promise<void> {
  const p = pool;
  pool = null;
  if (!p) return;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs).unref()));
  await Promise.race([p.destroy().catch(() => undefined), gaveUp]);
  clearTimeout(timer);
}
