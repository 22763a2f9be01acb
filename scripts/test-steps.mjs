/**
 * The steps of `npm test` as child processes, timed. A step runs either in the foreground (its output goes straight
 * to the terminal) or beside another (its output is held and printed in one block when it ends, so two steps'
 * lines never interleave). Every step ends with one line: its name, ok or FAILED, and how long it took; the
 * run ends with the same lines as a table (`summary`).
 */
import { spawn } from 'node:child_process';

/** @typedef {{ name: string, ok: boolean, seconds: number }} StepResult */

/** @type {StepResult[]} */
const results = [];

/** Seconds since `start`, one decimal. */
export function secondsSince(start) {
  return Math.round((performance.now() - start) / 100) / 10;
}

/**
 * Runs `cmd args` and resolves with whether it exited 0. `held`: collect its output and print it when it ends
 * (for a step running beside another).
 * @returns {Promise<boolean>}
 */
export function step(name, cmd, args, { env = {}, held = false } = {}) {
  const start = performance.now();
  if (!held) console.log(`\n» ${name}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      // No standard input: CI has none, and nothing here should wait on a keyboard.
      stdio: ['ignore', held ? 'pipe' : 'inherit', held ? 'pipe' : 'inherit'],
      env: { ...process.env, ...env },
    });
    const output = [];
    if (held) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => output.push(chunk));
    const finish = (ok, why = '') => {
      const seconds = secondsSince(start);
      if (held) {
        console.log(`\n» ${name}`);
        process.stdout.write(Buffer.concat(output));
      }
      console.log(`« ${name}: ${ok ? 'ok' : `FAILED${why}`} in ${seconds} s`);
      results.push({ name, ok, seconds });
      resolve(ok);
    };
    child.once('error', (error) => finish(false, ` (${error.message})`));
    child.once('close', (code, signal) => finish(code === 0, code === 0 ? '' : ` (${signal ?? `exit ${code}`})`));
  });
}

/** Records a step that did not run a command (installing, or a step that could not run). */
export function record(name, ok, seconds) {
  results.push({ name, ok, seconds });
}

/** The failed steps' names. */
export function failedSteps() {
  return results.filter((r) => !r.ok).map((r) => r.name);
}

/** One line per step with its time, then the wall-clock total. */
export function summary(totalSeconds) {
  const width = Math.max(...results.map((r) => r.name.length));
  console.log('\nSteps:');
  for (const r of results) console.log(`  ${r.name.padEnd(width)}  ${r.ok ? 'ok    ' : 'FAILED'}  ${r.seconds.toFixed(1).padStart(6)} s`);
  console.log(`  ${'Total (wall clock; steps in parallel overlap)'.padEnd(width)}  ${''.padEnd(6)}  ${totalSeconds.toFixed(1).padStart(6)} s`);
}
