/**
 * Debian's Chromium for Playwright (browsers cannot be downloaded here): installed with apt-get when missing and
 * running as root, otherwise a message saying how. Shared by `npm test` and `npm run bench`.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/** @returns {boolean} whether Chromium is there afterwards */
export function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`\n!! Chromium is missing for the browser tests. Install it with:\n!!   sudo apt-get update && sudo apt-get install -y chromium\n`);
    return false;
  }
  console.log('» Installing Debian chromium for the browser tests (apt-get)…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  return fs.existsSync(CHROMIUM);
}
