import prettyBytes from 'pretty-bytes';
import { readProfileRun } from '../core/profiles/profile-state.js';
import { loadConfig } from '../core/settings/config.js';
import { loadProfiles } from '../core/settings/profile-store.js';
import { outDirOf } from '../core/profiles/run-profile.js';
import { EXIT, printJson } from './cli-output.js';
import { parseOptions } from './parse-options.js';

export const PROFILES_HELP = `Usage: nbbackup profiles [--json]

Lists the saved profiles with their last run (time, result, size). Save one with nbbackup profile save.`;

export async function profilesCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseOptions('profiles', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${PROFILES_HELP}\n`);
    return EXIT.ok;
  }
  const config = await loadConfig();
  const profiles = await Promise.all(loadProfiles(config).map(async (p) => ({ profile: p, last: await readProfileRun(p.name) })));
  if (values.json) {
    printJson({
      profiles: profiles.map(({ profile: p, last }) => ({
        name: p.name,
        install: p.install,
        items: p.items,
        exclude: p.exclude,
        outDir: outDirOf(p, config),
        keep: p.keep,
        definedIn: p.definedIn,
        lastRun: last,
      })),
    });
    return EXIT.ok;
  }
  if (!profiles.length) {
    process.stdout.write('no profiles yet: nbbackup profile save NAME --install PATH --all\n');
    return EXIT.ok;
  }
  for (const { profile: p, last } of profiles) {
    const what = p.items === 'all' ? `all items${p.exclude?.length ? ` but ${p.exclude.join(', ')}` : ''}` : p.items.join(', ');
    const run = last ? `last run ${last.finishedAt.replace(/\.\d+Z$/, 'Z')} ${last.result}${last.bytes ? `, ${prettyBytes(last.bytes)}` : ''}${last.result === 'success' ? '' : `: ${last.detail}`}` : 'never run';
    process.stdout.write(`${p.name}  ${p.install}  ${what}\n  ${run}${p.definedIn ? `\n  from ${p.definedIn}` : ''}\n`);
  }
  return EXIT.ok;
}
