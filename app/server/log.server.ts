/** One JSON line per event on stdout/stderr, so logs can be shipped and searched. */
export function logInfo(message: string, fields: Record<string, unknown> = {}) {
  process.stdout.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), message, ...fields })}\n`);
}

export function logError(error: unknown, fields: Record<string, unknown> = {}) {
  const err = error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
  process.stderr.write(`${JSON.stringify({ level: 'error', time: new Date().toISOString(), ...err, ...fields })}\n`);
}
