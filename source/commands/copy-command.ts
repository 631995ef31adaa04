import path from 'node:path';
import prettyBytes from 'pretty-bytes';
import { copyAndRecord, destinationFor } from '../core/copy/copy-to.js';
import type { CopyEvent } from '../core/copy/copy-set.js';
import { errorHint, errorLine, NbError, UsageError } from '../core/errors.js';
import { loadConfig } from '../core/settings/config.js';
import { EXIT, printJson } from './cli-output.js';
import { interruptSignal } from './interrupt.js';
import { parseOptions } from './parse-options.js';

export const COPY_HELP = `Usage: nbbackup copy SET --to DEST [--to DEST …] [--json]

Copies a backup set off-site, each file proven at the far end against the sha256 its manifest
records; the manifest goes last, so a copy that stops half-way never looks like a set there, and
the next copy goes on from where it stopped. DEST is one of:
  /mnt/offsite                      a folder (a mounted disk or share)
  backup@host:/srv/sets             a folder over SSH (also ssh://backup@host:2222/srv/sets)
  s3://bucket/prefix                S3-compatible storage
SSH uses your ssh, keys, agent, ~/.ssh/config and known_hosts, never prompting (BatchMode);
NBBACKUP_SSH or "ssh" in .nbbackuprc sets the command and its options (like rsync's -e).
S3 takes its credentials from the AWS environment or ~/.aws; "s3" in .nbbackuprc sets the
endpoint for S3-compatible servers (MinIO, Backblaze, Wasabi…).`;

export async function copyCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions('copy', argv, {
    to: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${COPY_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('copy: name one backup set folder', 'see nbbackup copy --help');
  if (!values.to?.length) throw new UsageError('copy: --to DEST is needed', 'see nbbackup copy --help');
  const set = path.resolve(positionals[0]);
  const config = await loadConfig();
  // Every destination is parsed before anything is sent: a typo in the second is not found after the first upload.
  const destinations = await Promise.all(values.to.map((to) => destinationFor(to, config)));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const interrupt = interruptSignal('stopping the copy');
  const copies = [];
  let interrupted = false;
  try {
    for (const destination of destinations) {
      if (interrupt.signal.aborted) break;
      try {
        const result = await copyAndRecord(set, destination, interrupt.signal, progress(destination.label, log));
        copies.push({ ok: true, ...result });
        const resumed = result.files.reduce((sum, f) => sum + f.resumedFrom, 0);
        const line = result.alreadyThere ? `already there: ${result.name} at ${destination.label} (the same manifest)` : `copied ${result.name} → ${destination.label}: ${result.files.length} files, ${prettyBytes(result.bytes)}${resumed ? ` (went on from ${prettyBytes(resumed)} sent before)` : ''}, verified there, in ${result.seconds} s`;
        if (!values.json) process.stdout.write(`${line}\n`);
      } catch (error) {
        if (error instanceof NbError && error.code === 'interrupted') {
          interrupted = true;
          copies.push({ to: destination.label, ok: false, error: 'interrupted', hint: 'copy again to go on from where it stopped' });
          break;
        }
        copies.push({ to: destination.label, ok: false, error: errorLine(error), hint: errorHint(error) });
        if (!values.json) process.stdout.write(`✖ ${destination.label}: ${errorLine(error)}${errorHint(error) ? `\n  hint: ${errorHint(error)}` : ''}\n`);
      }
    }
  } finally {
    interrupt.dispose();
  }
  if (values.json) printJson({ set, copies });
  if (interrupted) return EXIT.interrupted;
  return copies.every((c) => c.ok) ? EXIT.ok : EXIT.failed;
}

/** A line per file and a progress line at most every few seconds: readable in a log and over a slow link. */
function progress(label: string, log: (line: string) => void): (event: CopyEvent) => void {
  let last = 0;
  return (event) => {
    if (event.type === 'file') log(`[${label}] ${event.name} ${prettyBytes(event.bytes)}${event.resumedFrom ? ` (went on from ${prettyBytes(event.resumedFrom)})` : ''} verified`);
    else if (event.type === 'progress' && Date.now() - last > 3000 && event.sent < event.total) {
      last = Date.now();
      log(`[${label}] ${prettyBytes(event.sent)} of ${prettyBytes(event.total)}`);
    }
  };
}
