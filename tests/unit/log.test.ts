/**
 * Log lines name what went wrong: an Error's message and stack, anything else thrown as its JSON — never the
 * "[object Object]" every 404 used to write.
 */
import { describe, expect, it } from 'vitest';
import { describeError } from '~/server/log.server';

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
