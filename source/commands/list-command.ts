import path from 'node:path';
import prettyBytes from 'pretty-bytes';
import { listSets } from '../core/set/backup-set.js';
import { dataEntries } from '../core/set/manifest.js';
import { loadConfig } from '../core/settings/config.js';
import { defaultOutDir } from '../core/settings/defaults.js';
import { EXIT, printJson } from './cli-output.js';
import { parseOptions } from './parse-options.js';

export const LIST_HELP = `Usage: nbbackup list [DIR] [--json]

Lists the backup sets under DIR (default: backupDir from .nbbackuprc, else ${defaultOutDir()}).
Folders left by an interrupted backup have no manifest and are shown as incomplete.`;

export async function listCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions('list', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${LIST_HELP}\n`);
    return EXIT.ok;
  }
  const config = await loadConfig();
  const root = path.resolve(positionals[0] ?? config.backupDir ?? defaultOutDir());
  const sets = await listSets(root);
  if (values.json) {
    printJson({
      sets: sets.map((s) => ({
        set: s.dir,
        complete: s.complete && !s.manifest?.items.some((i) => i.status === 'failed'),
        createdAt: s.manifest?.createdAt,
        install: s.manifest?.source.installPath,
        nocobaseVersion: s.manifest?.source.nocobaseVersion,
        items: (s.manifest ? dataEntries(s.manifest) : undefined)?.filter((i) => i.status === 'ok').map((i) => i.id),
        failed: s.manifest?.items.filter((i) => i.status === 'failed').map((i) => i.id),
        bytes: s.bytes,
      })),
    });
    return EXIT.ok;
  }
  if (!sets.length) process.stdout.write(`No backup sets in ${root}.\n`);
  for (const s of sets) {
    if (!s.complete || !s.manifest) {
      process.stdout.write(`${path.basename(s.dir)}  INCOMPLETE (interrupted, no manifest)\n`);
      continue;
    }
    const m = s.manifest;
    const ok = dataEntries(m).filter((i) => i.status === 'ok').map((i) => i.id);
    const failed = m.items.filter((i) => i.status === 'failed').length;
    process.stdout.write(`${path.basename(s.dir)}  ${m.createdAt}  ${m.source.installName}${m.source.nocobaseVersion ? ` ${m.source.nocobaseVersion}` : ''}  ${prettyBytes(s.bytes)}  ${ok.join(',')}${failed ? `  INCOMPLETE: ${m.items.filter((i) => i.status === 'failed').map((i) => i.id).join(',')} failed` : ''}\n`);
  }
  return EXIT.ok;
}
