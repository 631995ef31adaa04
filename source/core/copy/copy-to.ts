import { errorLine, NbError } from '../errors.js';
import type { Config } from '../settings/config.js';
import { copySet, type CopyEvent, type CopyResult } from './copy-set.js';
import { recordCopy } from './copy-records.js';
import type { SetDestination } from './destination.js';
import { openDestination } from './open-destination.js';
import { describeDestination, parseDestination } from './parse-destination.js';

/** A destination as typed, opened with its driver: what `copy`, a profile run and the TUI start from. */
export async function destinationFor(to: string, config: Config): Promise<SetDestination> {
  return openDestination(parseDestination(to), config);
}

/** The label a destination is recorded under, whatever the spelling it was typed in. */
export function destinationLabel(to: string): string {
  return describeDestination(parseDestination(to));
}

/**
 * copySet, remembered: the sets browser shows each set's copies and how they ended. A copy stopped
 * half-way is `partial` (the next one goes on from there), one that went wrong is `failed`.
 */
export async function copyAndRecord(setDir: string, destination: SetDestination, signal: AbortSignal, onEvent?: (event: CopyEvent) => void): Promise<CopyResult> {
  recordCopy({ set: setDir, to: destination.label, state: 'partial' });
  try {
    const result = await copySet(setDir, destination, signal, onEvent);
    recordCopy({ set: setDir, to: destination.label, state: 'copied' });
    return result;
  } catch (error) {
    const interrupted = signal.aborted || (error instanceof NbError && error.code === 'interrupted');
    recordCopy({ set: setDir, to: destination.label, state: interrupted ? 'partial' : 'failed', error: interrupted ? 'interrupted; copy again to go on' : errorLine(error) });
    if (interrupted && !(error instanceof NbError && error.code === 'interrupted')) throw new NbError('interrupted', 'copy again to go on from where it stopped', 'interrupted');
    throw error;
  }
}
