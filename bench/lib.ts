/** Small helpers shared by the benchmarks: percentiles, a server on loopback, result output. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

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
    stdio: ['ignore', 'ignore', 'inherit'],
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
