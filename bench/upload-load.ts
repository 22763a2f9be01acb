/**
 * Files uploaded during the morning rush: the order-submit load runs (50 shops) while one shop uploads a
 * 200,000-row × 10-column sales file and another posts a zip bomb (300 KB that unpacks to 300 MiB), each from a
 * process of its own as two phones would (bench/upload-client.mjs), not from the load generator's event loop. Reports
 * the submit p99 beside the server's peak RSS (the process with its worker threads, sampled from /proc every
 * 50 ms from the start of the load until the last upload is answered) and how each upload was answered.
 *
 * Part of `npm run bench`; on its own, against any build directory (to measure an older checkout the same way):
 *   npx tsx bench/upload-load.ts [--dir /path/to/checkout] [--format csv|xlsx] [--retailers 300] [--seconds 10]
 */
import { execFile, execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { seedDemo } from '../app/server/seed.server';
import { addDays } from '../app/domain/time';
import { zipBombXlsx } from '../tests/support/zip-bomb';
import { startServer, stopServer, printAndSave, type Figure } from './lib';
import { benchOrderSubmit, prepareShoppers } from './order-submit';

const execFileAsync = promisify(execFile);

type Format = 'csv' | 'xlsx';

/** One shop's transactions over 60 days, 10 columns as POS exports have them, in the county's barcodes. */
export async function bigSalesFile(databaseUrl: string, format: Format, rows = 200_000): Promise<Uint8Array> {
  const db = connect({ url: databaseUrl });
  const specs = await db.selectFrom('specs').select(['packBarcode', 'name']).execute();
  await db.destroy();
  const today = new Date().toISOString().slice(0, 10);
  const header = ['销售日期', '销售时间', '条码', '品名', '数量', '单位', '单价', '金额', '收银员', '备注'];
  const row = (i: number) => {
    const s = specs[i % specs.length]!;
    const qty = 1 + (i % 3);
    return [addDays(today, -1 - (i % 60)), `${String(8 + (i % 14)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`, s.packBarcode, s.name, qty, '盒', 25, qty * 25, `收银员${i % 4}`, ''];
  };
  if (format === 'csv') return new TextEncoder().encode(Papa.unparse({ fields: header, data: Array.from({ length: rows }, (_, i) => row(i)) }));
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('销售明细');
  sheet.addRow(header);
  for (let i = 0; i < rows; i++) sheet.addRow(row(i));
  return new Uint8Array(await book.xlsx.writeBuffer());
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Uploads the file at `file` as a sales file from a process of its own (bench/upload-client.mjs); "status code". */
async function upload(origin: string, cookie: string, file: string): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [path.resolve(import.meta.dirname, 'upload-client.mjs'), origin, cookie, file]);
  return stdout.trim();
}

export async function benchUploadsUnderLoad(opts: { databaseUrl: string; origin: string; serverPid: number; seconds: number; format: Format; label?: string }): Promise<Figure[]> {
  const { databaseUrl, origin, serverPid, seconds, format } = opts;
  const label = opts.label ? ` (${opts.label})` : '';
  const [big, bomb] = await Promise.all([bigSalesFile(databaseUrl, format), zipBombXlsx(300)]);
  // Written before the clock starts: the uploads read them in processes of their own.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-upload-load-'));
  const bigFile = path.join(dir, `sales-200k.${format}`);
  const bombFile = path.join(dir, 'bomb.xlsx');
  fs.writeFileSync(bigFile, big);
  fs.writeFileSync(bombFile, bomb);
  const shoppers = await prepareShoppers(databaseUrl, origin, 52);
  const [uploader1, uploader2] = shoppers.splice(50, 2);
  // The same load without uploads first, on the same server: what the machine gives right now.
  const quiet = await benchOrderSubmit(origin, shoppers, seconds);
  const rssBefore = rssMiB(serverPid);
  let peak = rssBefore;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiB(serverPid));
    } catch {
      // the server exited: the figures below will show it
    }
  }, 50);
  const uploads = (async () => {
    // The uploads start once the submit load is running.
    await new Promise((r) => setTimeout(r, 1000));
    return Promise.all([upload(origin, uploader1!.cookie, bigFile), upload(origin, uploader2!.cookie, bombFile)]);
  })();
  const submit = await benchOrderSubmit(origin, shoppers, seconds);
  const [bigAnswer, bombAnswer] = await uploads;
  clearInterval(sampler);
  fs.rmSync(dir, { recursive: true, force: true });
  const figure = (figures: Figure[], name: string) => figures.find((f) => f.name === name)!;
  const p99 = figure(submit, 'order submit latency p99');
  const rate = figure(submit, 'order submit throughput');
  const failures = figure(submit, 'order submit failures');
  console.log(`  uploads${label}: ${format} ${(big.length / 1024 / 1024).toFixed(1)} MiB → ${bigAnswer}; bomb ${(bomb.length / 1024).toFixed(0)} KiB → ${bombAnswer}`);
  return [
    { name: `submit p99 without uploads, just before${label}`, value: figure(quiet, 'order submit latency p99').value, unit: 'ms' },
    { name: `submit throughput without uploads${label}`, value: figure(quiet, 'order submit throughput').value, unit: 'submits/s' },
    { name: `submit p99 while a 200k-row ${format} and a bomb are uploaded${label}`, value: p99.value, unit: 'ms', target: '< 300' },
    { name: `submit throughput meanwhile${label}`, value: rate.value, unit: 'submits/s' },
    { name: `submit failures meanwhile${label}`, value: failures.value, unit: 'requests', target: '0' },
    { name: `server RSS before the uploads${label}`, value: Math.round(rssBefore), unit: 'MiB' },
    { name: `server RSS peak, ${format} + bomb under load${label}`, value: Math.round(peak), unit: 'MiB', target: '< 600' },
    { name: `200k-row ${format} answered${label}`, value: Number(bigAnswer.split(' ')[0]), unit: bigAnswer.split(' ').slice(1).join(' ') || 'status' },
    { name: `bomb answered${label}`, value: Number(bombAnswer.split(' ')[0]), unit: bombAnswer.split(' ').slice(1).join(' ') || 'status' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, format: { type: 'string' }, retailers: { type: 'string' }, seconds: { type: 'string' } } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-bench-uploads-'));
  const databaseUrl = path.join(dir, 'bench.db');
  const retailers = Number(values.retailers ?? 300);
  if (values.dir) {
    // Another checkout seeds with its own code, so its schema is the one its server expects.
    // (the seed CLI moved from db/seed/cli.ts to scripts/seed.ts; an older checkout has the former.)
    const seedCli = fs.existsSync(path.join(values.dir, 'scripts/seed.ts')) ? 'scripts/seed.ts' : 'db/seed/cli.ts';
    execSync(`npx tsx ${seedCli} --retailers ${retailers}`, { cwd: values.dir, stdio: 'ignore', env: { ...process.env, DATABASE_URL: databaseUrl } });
  } else {
    const db = connect({ url: databaseUrl });
    await migrateToLatest(db);
    await seedDemo(db, { retailers });
    await db.destroy();
  }
  const port = 3395;
  const server = await startServer({ DATABASE_URL: databaseUrl, SESSION_SECRET: 'bench-'.padEnd(40, 'x') }, port, values.dir);
  try {
    const figures = await benchUploadsUnderLoad({ databaseUrl, origin: `http://127.0.0.1:${port}`, serverPid: server.pid!, seconds: Number(values.seconds ?? 10), format: (values.format ?? 'csv') as Format, label: values.dir ? `at ${values.dir}` : undefined });
    printAndSave(figures, 'upload-load.json');
  } finally {
    await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
