/**
 * Real server processes for tests that need one: `node server.js` from the production build on a free
 * loopback port, against a test database (useTestDb), with its JSON log lines collected. Builds once when
 * build/ is missing (a lock directory keeps parallel test files from building at the same time); an existing
 * build is used as it is — run `npx remix vite:build` after changing app code.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestDb } from './db';

const BUILD_ENTRY = path.resolve('build/server/index.js');
/** Held while one test process builds; outside the repository, and ignored once older than any build takes. */
const LOCK_DIR = path.join(os.tmpdir(), `peihuo-build-lock-${crypto.createHash('sha1').update(process.cwd()).digest('hex').slice(0, 8)}`);
const STALE_LOCK_MS = 120_000;

export async function ensureBuild(): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (!fs.existsSync(BUILD_ENTRY)) {
    if (Date.now() > deadline) throw new Error('build/ did not appear within 3 minutes');
    let locked = false;
    try {
      fs.mkdirSync(LOCK_DIR);
      locked = true;
    } catch {
      // someone else is building: wait for it
    }
    if (!locked) {
      const age = Date.now() - (fs.statSync(LOCK_DIR, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (!fs.existsSync(BUILD_ENTRY)) execSync('npx remix vite:build', { stdio: 'ignore' });
    } finally {
      fs.rmSync(LOCK_DIR, { recursive: true, force: true });
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * DATABASE_URL for a server process reaching the same database as the test: the SQLite file, or the test's
 * PostgreSQL schema (search_path in the URL, with any other session settings) and an application_name to find
 * its connections by.
 */
export function serverDatabaseUrl(t: TestDb, applicationName = 'peihuo-test', settings: Record<string, string | number> = {}): string {
  if (t.dialect === 'sqlite') return t.url;
  const url = new URL(t.url);
  const options = Object.entries({ search_path: t.schema!, ...settings }).map(([k, v]) => `-c ${k}=${v}`);
  // %20, not the '+' URLSearchParams writes for a space: libpq (pg_dump) reads '+' literally.
  url.search = `options=${encodeURIComponent(options.join(' '))}&application_name=${encodeURIComponent(applicationName)}`;
  return url.toString();
}

export interface LogLine {
  level: string;
  message: string;
  requestId?: string;
  [key: string]: unknown;
}

export interface AppServer {
  child: ChildProcess;
  port: number;
  origin: string;
  /** Every JSON line the process wrote (stdout and stderr), in order. */
  logs: LogLine[];
  /** Raw output that was not JSON (should stay empty). */
  otherOutput: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown code runs, as in a crash or a power cut. */
  crash(): Promise<void>;
}

export interface StartOptions {
  databaseUrl: string;
  env?: Record<string, string>;
  port?: number;
}

export async function startAppServer(opts: StartOptions): Promise<AppServer> {
  await ensureBuild();
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: opts.databaseUrl,
    SESSION_SECRET: 'test-session-secret-'.padEnd(40, 'x'),
    ...opts.env,
  };
  // vitest's own variables must not leak into the app (they would switch code paths meant for tests).
  delete env.VITEST;
  delete env.TEST_DIALECT;
  const child = spawn(process.execPath, ['server.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  const otherOutput: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!line.trim()) continue;
        try {
          logs.push(JSON.parse(line) as LogLine);
        } catch {
          otherOutput.push(line);
        }
      }
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (hasExited) throw new Error(`server exited before answering:\n${[...otherOutput, ...logs.map((l) => JSON.stringify(l))].join('\n')}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy within 30 s:\n${otherOutput.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    child,
    port,
    origin,
    logs,
    otherOutput,
    exited,
    async stop() {
      if (!hasExited) child.kill('SIGTERM');
      return exited;
    },
    async crash() {
      if (!hasExited) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Signs in through the form, as a browser would; returns the session cookie ("name=value"). */
export async function signIn(origin: string, username: string, password: string, headers: Record<string, string> = {}): Promise<{ status: number; cookie: string | null }> {
  const res = await fetch(`${origin}/auth/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...headers },
    body: new URLSearchParams({ username, password }),
  });
  await res.arrayBuffer();
  return { status: res.status, cookie: res.status === 302 ? (res.headers.get('set-cookie')?.split(';')[0] ?? null) : null };
}
