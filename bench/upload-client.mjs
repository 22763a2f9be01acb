/**
 * One upload from its own process: `node bench/upload-client.mjs ORIGIN COOKIE FILE` posts FILE as a sales file to
 * /resources/uploads/stage the way the upload page does and prints "status code". bench/upload-load.ts runs two of
 * these while it measures the order submits, so that building and sending a 15 MiB multipart body happens in another
 * process: in the load generator's own event loop it would delay the submits' answers as they are timed.
 */
import fs from 'node:fs';
import path from 'node:path';

const [origin, cookie, file] = process.argv.slice(2);
const form = new FormData();
form.set('kind', 'sales');
form.set('file', new File([fs.readFileSync(file)], path.basename(file)));
const res = await fetch(`${origin}/resources/uploads/stage`, { method: 'POST', headers: { cookie, origin, accept: 'application/json' }, body: form });
const text = await res.text();
let code = '';
try {
  code = JSON.parse(text).code ?? (res.ok ? 'staged' : '');
} catch {
  code = 'not JSON';
}
console.log(`${res.status} ${code}`);
