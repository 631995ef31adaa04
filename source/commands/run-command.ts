import { dryRun } from '../core/profiles/profile-plan.js';
import { runProfile } from '../core/profiles/run-profile.js';
import { loadConfig } from '../core/settings/config.js';
import { findProfile } from '../core/settings/profile-store.js';
import { UsageError } from '../core/errors.js';
import { EXIT, printJson } from './cli-output.js';
import { interruptSignal } from './interrupt.js';
import { parseOptions } from './parse-options.js';

export const RUN_HELP = `Usage: nbbackup run NAME [--dry-run] [--json]

Runs a saved profile unattended (cron, systemd timers): backup → verify → retention, with its hooks and
alerts. Needs no terminal; prints timestamped lines (or, with --json, one JSON document on stdout and the
lines on stderr) and keeps a run log in the profile's folder. A second run of the same profile while one
runs exits 3 naming the first; a lock left by a killed run is taken over.
  --dry-run  print what would be dumped and pruned, and change nothing`;

export async function runCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions('run', argv, { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${RUN_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('run: name one profile', 'nbbackup profiles lists them');
  const config = await loadConfig();
  const profile = findProfile(positionals[0], config);
  const out = values.json ? process.stderr : process.stdout;
  const line = (text: string) => out.write(`${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} ${text}\n`);

  if (values['dry-run']) {
    const plan = await dryRun(profile, config);
    if (values.json) {
      printJson({ profile: profile.name, dryRun: true, ...plan });
      return EXIT.ok;
    }
    line(`dry run of profile ${profile.name}: nothing is changed`);
    line(`would write a new set under ${plan.outDir}`);
    for (const id of plan.dump) line(`would dump ${id}`);
    for (const s of plan.skipped) line(`would skip ${s.id}: ${s.reason}`);
    for (const f of plan.failing) line(`would FAIL ${f.id}: ${f.reason}`);
    if (plan.notIncluded.length) line(`not in this profile: ${plan.notIncluded.join(', ')}`);
    for (const h of plan.hooks) line(`would run ${h}`);
    for (const to of plan.copies) line(`would copy the set to ${to}, then apply retention there`);
    for (const p of plan.prune) line(`would prune ${p.dir} (${p.reason})`);
    if (!plan.prune.length) line('would prune nothing');
    if (plan.alerts) line(`alerts: ${plan.alerts}`);
    return plan.failing.length ? EXIT.failed : EXIT.ok;
  }

  const interrupt = interruptSignal();
  try {
    const outcome = await runProfile({ profile, config, signal: interrupt.signal, onLine: line });
    if (values.json) {
      printJson({
        profile: profile.name,
        result: outcome.result,
        set: outcome.set ?? null,
        bytes: outcome.bytes,
        verified: outcome.verified,
        items: outcome.items,
        notIncluded: outcome.notIncluded,
        pruned: outcome.pruned,
        copies: outcome.copies,
        hooks: outcome.hooks.map((h) => ({ ok: h.ok, detail: h.detail })),
        alerts: outcome.alerts,
        error: outcome.error,
        log: outcome.log,
        seconds: outcome.seconds,
      });
    }
    if (outcome.result === 'refused') {
      process.stderr.write(`nbbackup: ${outcome.error}\n${outcome.hint ? `  hint: ${outcome.hint}\n` : ''}`);
      return EXIT.refused;
    }
    if (outcome.result === 'interrupted') return EXIT.interrupted;
    return outcome.result === 'success' ? EXIT.ok : EXIT.failed;
  } finally {
    interrupt.dispose();
  }
}
