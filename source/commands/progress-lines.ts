import prettyBytes from 'pretty-bytes';
import type { BackupEvent } from '../core/backup/backup-runner.js';
import { checkedFilesLine } from '../core/verify/verify-set.js';

/** Plain progress for logs and pipes: a line per event, progress at most every few seconds per item. */
export function progressLines(write: (line: string) => void, everyMs = 3000): (event: BackupEvent) => void {
  const last = new Map<string, number>();
  return (event) => {
    switch (event.type) {
      case 'set':
        write(`set ${event.dir}`);
        break;
      case 'start':
        write(`[${event.id}] started${event.estimate ? ` (about ${prettyBytes(event.estimate)})` : ''}`);
        break;
      case 'progress': {
        const now = Date.now();
        if (event.rawBytes === 0 || now - (last.get(event.id) ?? 0) < everyMs) return;
        last.set(event.id, now);
        const rate = event.seconds > 0 ? `${prettyBytes(event.rawBytes / event.seconds)}/s` : '';
        write(`[${event.id}] ${prettyBytes(event.rawBytes)} read${event.percent !== undefined ? ` (${Math.round(event.percent)}%)` : ''} ${rate}${event.object ? `  ${event.object}` : ''}`);
        break;
      }
      case 'warning':
        write(`[${event.id}] warning: ${event.message}`);
        break;
      case 'verify':
        write('verifying the set');
        break;
      case 'verified':
        write(event.verdict.ok ? `verified: ${checkedFilesLine(event.verdict)}` : `VERIFY FAILED: ${event.verdict.items.filter((i) => !i.ok).map((i) => i.error).join('; ')}`);
        break;
      case 'done': {
        const e = event.entry;
        if (e.status === 'ok') write(`[${e.id}] ok  ${prettyBytes(e.bytes ?? 0)} in ${e.seconds}s  ${e.file}`);
        else if (e.status === 'skipped') write(`[${e.id}] skipped: ${e.reason}`);
        else write(`[${e.id}] FAILED  ${e.error}`);
        break;
      }
    }
  };
}
