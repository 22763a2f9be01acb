/**
 * server.js bounds how far V8 lets the heap grow between full collections with V8's `--heap-growing-percent`
 * (docs/decisions/0042-heap-growth.md). `v8.setFlagsFromString` ignores a flag V8 no longer knows, silently: this
 * test fails instead when a Node upgrade drops or renames it, so the memory bound cannot vanish unnoticed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the heap growth bound (decision 0042)', () => {
  it('is a flag this Node’s V8 knows and accepts', () => {
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(options.stdout).toMatch(/--heap-growing-percent\b/);
    // An unknown V8 flag on the command line stops node with "bad option"; a known one runs.
    const run = spawnSync(process.execPath, ['--heap-growing-percent=50', '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('is set by server.js before the build loads, with HEAP_GROWING_PERCENT=0 leaving V8 its own choice', () => {
    const server = fs.readFileSync('server.js', 'utf8');
    const flagAt = server.indexOf('setFlagsFromString(`--heap-growing-percent=');
    expect(flagAt).toBeGreaterThan(0);
    expect(flagAt).toBeLessThan(server.indexOf("await import('./build/server/index.js')"));
    expect(server).toMatch(/HEAP_GROWING_PERCENT > 0/);
  });
});
