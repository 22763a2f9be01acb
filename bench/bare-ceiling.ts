/**
 * The bare ceiling beside the order submit: bench/bare-server.mjs (node:http + one SQLite insert per request, no
 * Express, Remix or session) in its own process, loaded exactly as the submit is — the same load generator in
 * this process, 50 connections, a form body of an order's size — for the same time, right after it. The app
 * cannot beat this figure; when it drops, the machine is slower or busier, not the app.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedLoop, type Figure } from './lib';

export async function benchBareCeiling(seconds: number, connections = 50, port = 3392): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-bare-'));
  const child = spawn(process.execPath, [path.resolve('bench/bare-server.mjs'), String(port), path.join(dir, 'bare.db')], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const origin = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${origin}/healthz`)).ok) break;
      } catch {
        if (i > 100) throw new Error('the bare server did not start');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // An order of 20 lines, as the submit bench sends (15–25).
    const lines = JSON.stringify(Array.from({ length: 20 }, (_, k) => ({ specId: 100 + k, qtyCartons: 1 + (k % 3) })));
    const body = new URLSearchParams({ intent: 'submit', lines }).toString();
    const run = await closedLoop({ url: `${origin}/submit`, connections, seconds, setupClient: (client) => client.setHeadersAndBody({ 'content-type': 'application/x-www-form-urlencoded' }, body) });
    return [
      { name: 'bare ceiling (node:http + 1 SQLite insert) throughput', value: run.ok.length / run.duration, unit: 'req/s', target: 'same load, same machine' },
      { name: 'bare ceiling latency p50', value: run.p(50), unit: 'ms' },
      { name: 'bare ceiling latency p99', value: run.p(99), unit: 'ms' },
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
