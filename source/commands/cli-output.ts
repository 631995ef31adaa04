import { errorHint, errorLine, NbError } from '../core/errors.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, refused: 3, interrupted: 130 } as const;

/** One JSON document on stdout, nothing else there. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** An error as every headless command shows it: one line, then the fix. */
export function printError(error: unknown): void {
  process.stderr.write(`nbbackup: ${errorLine(error)}\n`);
  const hint = errorHint(error);
  if (hint) process.stderr.write(`  hint: ${hint}\n`);
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof NbError && error.code === 'usage') return EXIT.usage;
  if (error instanceof NbError && error.code === 'refused') return EXIT.refused;
  return EXIT.failed;
}
