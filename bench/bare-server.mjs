/**
 * The bare ceiling: the least a server can do for an order submit on this machine — node:http reading a form
 * body and inserting one row into a SQLite file (WAL, as the app runs it), no Express, no Remix, no session.
 * Measured with the same load generator and the same 50 connections as the order submit, beside it
 * (bench/bare-ceiling.ts), so a slower or busier machine shows in both figures.
 *   node bench/bare-server.mjs PORT DATABASE_FILE
 */
import http from 'node:http';
import SQLite from 'better-sqlite3';

const [port, file] = [Number(process.argv[2]), process.argv[3]];
const db = new SQLite(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table if not exists submits (id integer primary key, body text not null, at text not null)');
const insert = db.prepare('insert into submits (body, at) values (?, ?)');

http
  .createServer((req, res) => {
    if (req.url === '/healthz') return res.end('ok');
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const { lastInsertRowid } = insert.run(body.get('lines') ?? '', new Date().toISOString());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, id: Number(lastInsertRowid) }));
    });
  })
  .listen(port, '127.0.0.1');
