/**
 * The one logger (log.server.ts): its line format, its level, redaction of secrets, and the request id on every
 * line written while a request is served. Log lines name what went wrong: an Error's message and stack, anything
 * else thrown as its JSON — never the "[object Object]" every 404 used to write.
 */
import { AsyncResource } from 'node:async_hooks';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { logLevel } from '~/server/env.server';
import { createLogger, currentRequestId, describeError, logError, logInfo, REDACTED, requestLogging, safeUrl } from '~/server/log.server';

describe('describeError', () => {
  it("gives an Error's message and stack", () => {
    const error = new Error('relation "api_tokens" does not exist');
    expect(describeError(error)).toEqual({ message: 'relation "api_tokens" does not exist', stack: error.stack });
  });

  it('gives anything else as JSON, cut short, and survives values JSON cannot write', () => {
    expect(describeError({ status: 404, statusText: 'Not Found', internal: true, data: 'No route matches URL "/x"' }).message).toBe(
      '{"status":404,"statusText":"Not Found","internal":true,"data":"No route matches URL \\"/x\\""}',
    );
    expect(describeError('plain text')).toEqual({ message: 'plain text' });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeError(circular).message).toBe('Object with keys self');
    expect(describeError({ big: 'x'.repeat(5000) }).message.length).toBeLessThanOrEqual(2001);
    expect(describeError(undefined).message).toBe('undefined');
    expect(describeError(42).message).toBe('42');
  });
});

/** A logger writing into an array, parsed. */
function capture(level = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger({ level, destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { log, lines };
}

describe('the line format', () => {
  it('is one JSON object: level by name, ISO time, the fields, the message last; nothing of the host', () => {
    const { log, lines } = capture();
    log.info({ shops: 3 }, 'batch done');
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(Object.keys(line!)).toEqual(['level', 'time', 'shops', 'message']);
    expect(line).toMatchObject({ level: 'info', shops: 3, message: 'batch done' });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
  });

  it('writes nothing under its level', () => {
    const { log, lines } = capture('warn');
    log.info('quiet');
    log.warn('loud');
    expect(lines.map((l) => l.message)).toEqual(['loud']);
  });

  it('takes LOG_LEVEL from the environment and refuses a level it does not know', () => {
    const before = process.env.LOG_LEVEL;
    try {
      delete process.env.LOG_LEVEL;
      expect(logLevel()).toBe('info');
      process.env.LOG_LEVEL = 'debug';
      expect(logLevel()).toBe('debug');
      process.env.LOG_LEVEL = 'loud';
      expect(() => logLevel()).toThrow();
    } finally {
      if (before === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = before;
    }
  });
});

describe('redaction', () => {
  it('writes [redacted] for cookies, authorization headers, passwords, tokens and session ids, at the top or nested', () => {
    const { log, lines } = capture();
    log.warn(
      {
        password: 'p1',
        user: { name: 'staff01', password: 'p2', newPassword: 'p3' },
        req: { headers: { cookie: '__peihuo_session=s1', authorization: 'Bearer ph_t1', 'set-cookie': ['a=b'], host: 'x' } },
        token: 't2',
        apiToken: 't3',
        sessionId: 's2',
        headers: { 'x-api-key': 'k1', accept: '*/*' },
      },
      'secrets everywhere',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['p1', 'p2', 'p3', 's1', 'ph_t1', 'a=b', 't2', 't3', 's2', 'k1']) expect(text).not.toContain(`"${secret}`);
    expect(lines[0]).toMatchObject({
      password: REDACTED,
      user: { name: 'staff01', password: REDACTED, newPassword: REDACTED },
      req: { headers: { cookie: REDACTED, authorization: REDACTED, 'set-cookie': REDACTED, host: 'x' } },
      token: REDACTED,
      apiToken: REDACTED,
      sessionId: REDACTED,
      headers: { 'x-api-key': REDACTED, accept: '*/*' },
    });
  });

  it("hides secret-named query values of a url field, and leaves the caller's object as it was", () => {
    const { log, lines } = capture();
    const fields = { url: 'https://peihuo.example/reset?Token=abc&lang=en&password=x%26y', password: 'p' };
    log.info(fields, 'page');
    expect(lines[0]!.url).toBe('https://peihuo.example/reset?Token=[redacted]&lang=en&password=[redacted]');
    expect(fields.password).toBe('p');
    expect(safeUrl('/plain/path')).toBe('/plain/path');
  });
});

describe('the request context', () => {
  it("gives every line logged while serving a request that request's id, through awaits and a queue's bound callback", async () => {
    const { log, lines } = capture();
    const middleware = requestLogging(log);
    const later: Array<() => void> = [];
    const server = http.createServer((req, res) => {
      middleware(req, res, () => {
        // As admission control does: the route runs later, from another request's turn, bound to its own context.
        later.push(AsyncResource.bind(() => void serve(res)));
        if (later.length === 2) for (const run of later.splice(0)) run();
      });
    });
    async function serve(res: http.ServerResponse) {
      await new Promise((r) => setTimeout(r, 5));
      logInfo('in the route', { password: 'hunter2' });
      logError(new Error('went wrong'), { step: 2 });
      res.end('ok');
    }
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const ask = (id: string) => fetch(`http://127.0.0.1:${port}/x?y=1`, { headers: { 'x-request-id': id } }).then(async (r) => [r.headers.get('x-request-id'), await r.text()]);
      expect(await Promise.all([ask('first-1'), ask('bad id!')])).toEqual([
        ['first-1', 'ok'],
        [expect.stringMatching(/^[0-9a-f-]{36}$/), 'ok'],
      ]);
    } finally {
      await new Promise((r) => server.close(r));
    }
    const ids = [...new Set(lines.map((l) => l.requestId))];
    expect(ids).toHaveLength(2);
    expect(ids).toContain('first-1');
    for (const id of ids) {
      const own = lines.filter((l) => l.requestId === id);
      expect(own.map((l) => [l.level, l.message])).toEqual([
        ['info', 'in the route'],
        ['error', 'went wrong'],
        ['info', 'request'],
      ]);
      expect(own[0]!.password).toBe(REDACTED);
      expect((own[1]!.err as { stack: string }).stack).toMatch(/\n\s+at /);
      expect(own[2]).toMatchObject({ method: 'GET', path: '/x', status: 200 });
      expect(typeof own[2]!.ms).toBe('number');
    }
    expect(lines.every((l) => l.requestId !== undefined)).toBe(true);
  });

  it('outside a request, lines have no request id', () => {
    expect(currentRequestId()).toBeUndefined();
  });
});
