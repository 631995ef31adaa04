import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errorHint, errorLine, NbError, UsageError } from '../core/errors.js';
import { locateInstall } from '../core/discover/locate-install.js';
import { inspectHere } from '../core/migrate/far-facts.js';
import { farRestoreResult } from '../core/migrate/far-restore-result.js';
import { ToolFinder } from '../core/process/tool-finder.js';
import { runRestore } from '../core/restore/restore-runner.js';
import { loadConfig } from '../core/settings/config.js';
import { EXIT, exitCodeFor } from './cli-output.js';
import { engineOptionsOf } from '../core/engines/engine-options.js';

// The far side of `nbbackup migrate`: built into dist/far-agent.js on its own, sent over ssh and run
// there. It answers on stdout with one JSON object per line and treats its stdin closing (the near
// side's Ctrl+C, or the link gone) as Ctrl+C: a restore then rolls back before it answers.

const say = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);

/** `~` and `~/…` as the near side wrote them, in this user's home. */
const expand = (p: string) => (p === '~' ? os.homedir() : p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : path.resolve(p));

async function main(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      path: { type: 'string' },
      stage: { type: 'string' },
      nonce: { type: 'string' },
      engines: { type: 'string' },
      definers: { type: 'string' },
      set: { type: 'string' },
      items: { type: 'string' },
      'no-upgrade': { type: 'boolean' },
      'stop-app': { type: 'boolean' },
      start: { type: 'boolean' },
    },
  });
  const [command] = positionals;
  if (!values.path || !values.stage) throw new UsageError('far-agent: --path and --stage are required');
  if (signal.aborted) throw new NbError('interrupted', 'nothing there was changed', 'interrupted');
  const config = await loadConfig();
  if (command === 'inspect') {
    // Inspecting changes nothing: a stop request ends it at once (execa's children go with the process).
    const stopped = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new NbError('interrupted', 'nothing there was changed', 'interrupted')), { once: true }));
    const facts = await Promise.race([stopped, inspectHere({ installPath: values.path, stage: expand(values.stage), nonce: values.nonce ?? '', engines: values.engines?.split(',').filter(Boolean) ?? [], definers: definersArg(values.definers), config })]);
    say({ result: facts });
    return EXIT.ok;
  }
  if (command === 'restore') {
    if (!values.set) throw new UsageError('far-agent: restore needs --set');
    const stage = expand(values.stage);
    const outcome = await runRestore({
      setDir: path.join(stage, path.basename(values.set)),
      target: await locateInstall(values.path, config),
      items: values.items?.split(',').filter(Boolean),
      snapshot: true,
      upgrade: !values['no-upgrade'],
      stopApp: values['stop-app'],
      startApp: values.start,
      safetyDir: stage,
      tools: new ToolFinder(),
      // The operator confirmed on the near side, after seeing the plan this restore follows.
      confirm: async () => true,
      onEvent: (event) => say({ event }),
      signal,
      engineOptions: engineOptionsOf(config),
    });
    say({ result: farRestoreResult(outcome) });
    return outcome.result === 'restored' ? EXIT.ok : outcome.result === 'interrupted' ? EXIT.interrupted : outcome.result === 'refused' ? EXIT.refused : EXIT.failed;
  }
  throw new UsageError(`far-agent: unknown command ${command ?? '(none)'}`);
}

/** `--definers` JSON: {itemId: ["user@host", …]}; anything else is ignored. */
function definersArg(text: string | undefined): Record<string, string[]> {
  try {
    const parsed: unknown = JSON.parse(text ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, (v as unknown[]).map(String)]));
  } catch {
    return {};
  }
}

const controller = new AbortController();
const stop = () => controller.abort();
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.stdout.on('error', stop);
main(process.argv.slice(2), controller.signal)
  .then(
    (code) => code,
    (error: unknown) => {
      say({ error: { message: errorLine(error), hint: errorHint(error), code: error instanceof NbError ? error.code : 'error' } });
      return exitCodeFor(error);
    },
  )
  // stdin is still being read: the process ends only when told to.
  .then((code) => process.exit(code));
