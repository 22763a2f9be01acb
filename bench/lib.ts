/** Small helpers shared by the benchmarks: percentiles, a server on loopback, result output. */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { connect, type DB } from '../db/connect';
import { migrateToLatest } from '../db/migrate';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Starts the production server (build/ must exist; `cwd`: another checkout's) and resolves once /healthz answers. */
export async function startServer(env: Record<string, string>, port: number, cwd?: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['server.js'], {
    cwd,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Warnings and errors pass through, except the access lines of 503s: an overload run refuses thousands on purpose.
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    if (!line.includes('"status":503')) process.stderr.write(`${line}\n`);
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('server did not become healthy within 30 s');
}

export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function printAndSave(figures: Figure[], fileName = 'latest.json') {
  const rows = figures.map((f) => [f.name, Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(1), f.unit, f.target ?? '']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['figure', 'value', 'unit', 'target'], ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(`\n${line(['figure', 'value', 'unit', 'target'])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
  const out = path.resolve('bench/results', fileName);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(figures.map(({ name, value, unit }) => ({ name, value, unit })), null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

export interface ClosedLoopRun {
  /** Seconds the load ran. */
  duration: number;
  /** Latencies (ms) of the 2xx answers, sorted. */
  ok: number[];
  /** Latencies (ms) of the 503 answers (refused for lack of capacity), sorted. */
  refused: number[];
  /** Every other answer (a status that is neither 2xx nor 503), connection errors and timeouts. */
  failures: number;
  p(percent: number): number;
}

/** autocannon calls back with an untyped error: a run rejects with an Error, anything else as its cause. */
export function autocannonError(err: unknown): Error {
  return err instanceof Error ? err : new Error('autocannon failed', { cause: err });
}

/**
 * Closed-loop load with autocannon in this process: `connections` connections, each sending its next request as
 * soon as the previous one is answered, for `seconds`.
 */
export async function closedLoop(opts: { url: string; connections: number; seconds: number; setupClient: (client: autocannon.Client) => void }): Promise<ClosedLoopRun> {
  const ok: number[] = [];
  const refused: number[] = [];
  let other = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: opts.url, method: 'POST', connections: opts.connections, duration: opts.seconds, setupClient: opts.setupClient },
      (err, res) => (err ? reject(autocannonError(err)) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) ok.push(responseTime);
      else if (statusCode === 503) refused.push(responseTime);
      else other++;
    });
  });
  ok.sort((a, b) => a - b);
  refused.sort((a, b) => a - b);
  return { duration: result.duration, ok, refused, failures: other + result.errors + result.timeouts, p: (q) => percentile(ok, q) };
}

/** The machine's 1-minute load average now: benchmarks share their 2 cores with whatever else runs. */
export function machineLoad(label: string): Figure {
  return { name: `machine load (1-min average) ${label}`, value: os.loadavg()[0]!, unit: '', target: `${os.cpus().length} cores` };
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second here).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * A database of its own for one bench, removed afterwards whatever happens: a SQLite file in a temp folder, or,
 * with `postgresUrl`, a scratch schema of that database (created, then dropped), so a bench never touches real data.
 */
export async function withScratchDatabase<T>(name: string, postgresUrl: string | undefined, fn: (db: DB) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `peihuo-bench-${name}-`));
  const schema = `bench_${name.replace(/\W/g, '_')}_${Date.now().toString(36)}`;
  const onPostgres = async (statement: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  if (postgresUrl) await onPostgres(`create schema ${schema}`);
  const db = postgresUrl ? connect({ url: postgresUrl, schema }) : connect({ url: path.join(dir, `${name}.db`) });
  try {
    await migrateToLatest(db);
    return await fn(db);
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
    if (postgresUrl) await onPostgres(`drop schema ${schema} cascade`);
  }
}

/** One line per figure, for a bench run on its own from the command line. */
export function printFigureLines(figures: Figure[]) {
  for (const f of figures) console.log(`${f.name}: ${f.value.toFixed(2)} ${f.unit}${f.target ? ` (target ${f.target})` : ''}`);
}
