import { randomBytes } from 'node:crypto';
import { runBackup, type BackupEvent } from '../backup/backup-runner.js';
import { copySet, type CopyEvent, type CopyResult } from '../copy/copy-set.js';
import type { SshSpec } from '../copy/remote-shell.js';
import { discardSshPartial, sshDestination } from '../copy/ssh-destination.js';
import { LINK } from '../copy/ssh-failure.js';
import { errorLine, NbError } from '../errors.js';
import { engineOptionsOf } from '../engines/engine-options.js';
import { sshCommandOf } from '../copy/open-destination.js';
import type { Config } from '../settings/config.js';
import type { InstallInventory } from '../inventory/install-inventory.js';
import { selectItems } from '../inventory/selection.js';
import type { ToolFinder } from '../process/tool-finder.js';
import type { Compression } from '../stream/compression.js';
import type { RestoreEvent } from '../restore/restore-runner.js';
import { farAgent } from './far-agent.js';
import { FarFactsSchema, FarRestoreResultSchema, RestoreEventSchema } from './far-answers.js';
import type { FarFacts } from './far-facts.js';
import { definersOf } from './mysql-definers.js';
import { planMigration, roomProblem, type MigrationPlan } from './migrate-plan.js';
import type { FarRestoreResult } from './far-restore-result.js';

// One migration, for both front ends: send the helper, inspect the far side, plan, confirm, back up
// here, send the set (resumed after a dropped link, proven by sha256 there), restore there.

export type MigrationStage = 'connect' | 'inspect' | 'backup' | 'transfer' | 'restore';

export type MigrationEvent =
  | { readonly type: 'stage'; readonly stage: MigrationStage }
  | { readonly type: 'plan'; readonly plan: MigrationPlan; readonly far: FarFacts }
  | { readonly type: 'backup'; readonly event: BackupEvent }
  | { readonly type: 'transfer'; readonly event: CopyEvent }
  | { readonly type: 'retry'; readonly attempt: number; readonly reason: string }
  | { readonly type: 'restore'; readonly event: RestoreEvent }
  | { readonly type: 'far-log'; readonly line: string };

export interface MigrationRequest {
  readonly source: InstallInventory;
  readonly items: readonly string[] | 'all';
  readonly exclude?: readonly string[];
  /** The far install: host, user, port, and its path there. */
  readonly destination: SshSpec;
  /** The far folder the set and the safety copy go to. */
  readonly stage: string;
  /** Where the ssh command (NBBACKUP_SSH or `ssh`) and the engines' shared folders are set. */
  readonly config: Config;
  /** Options added to the ssh command for this run (`--identity`). */
  readonly sshOptions?: readonly string[];
  /** Where the set is made here (it stays: it is a backup like any other). */
  readonly outDir: string;
  readonly tools: ToolFinder;
  readonly jobs?: number;
  readonly compression?: Compression;
  readonly upgrade: boolean;
  readonly stopApp?: boolean;
  readonly startApp?: boolean;
  /** Shown the plan; says whether to go on (the far install's name typed, or --yes). */
  readonly confirm: (plan: MigrationPlan) => Promise<boolean>;
  readonly onEvent?: (event: MigrationEvent) => void;
  readonly signal: AbortSignal;
}

export interface MigrationOutcome {
  readonly result: 'migrated' | 'refused' | 'failed' | 'interrupted';
  readonly reason?: string;
  readonly hint?: string;
  readonly plan?: MigrationPlan;
  /** The set made here. */
  readonly set?: string;
  readonly transfer?: CopyResult;
  /** The set there, kept after a migration that went through. */
  readonly farSet?: string;
  readonly restore?: FarRestoreResult;
}

/** A dropped link is retried this many times in all, each going on from what arrived. */
const TRANSFER_ATTEMPTS = 4;

export async function runMigration(asked: MigrationRequest): Promise<MigrationOutcome> {
  const request = { ...asked, sshCommand: [...sshCommandOf(asked.config), ...(asked.sshOptions ?? [])], engineOptions: engineOptionsOf(asked.config) };
  const { destination, signal } = request;
  const emit = request.onEvent ?? (() => undefined);
  const agent = farAgent(destination, request.sshCommand);
  const interruptedIfAborted = (outcome: MigrationOutcome): MigrationOutcome => (signal.aborted && outcome.result !== 'migrated' ? { ...outcome, result: 'interrupted', reason: 'interrupted', hint: undefined } : outcome);
  const selection = selectItems(request.source, request.items, request.exclude);
  const to = `${destination.host}:${destination.path}`;

  let plan: MigrationPlan | undefined;
  let set: string | undefined;
  try {
    emit({ type: 'stage', stage: 'connect' });
    await agent.install(signal);
    emit({ type: 'stage', stage: 'inspect' });
    const nonce = randomBytes(16).toString('hex');
    const engines = [...new Set(selection.run.flatMap((i) => (i.kind === 'database' ? [i.engine] : [])))];
    const definers = await definersOf(selection.run, request.tools);
    // One argument there (~128 KiB at most): past that, the last items' DEFINERs go unchecked.
    while (JSON.stringify(definers).length > 100_000) delete definers[Object.keys(definers).at(-1)!];
    const far = await agent.call({ result: FarFactsSchema, args: ['inspect', '--path', destination.path, '--stage', request.stage, '--nonce', nonce, '--engines', engines.join(','), '--definers', JSON.stringify(definers)], signal });
    if (signal.aborted) return { result: 'interrupted', reason: 'interrupted' };
    plan = planMigration({ source: request.source, selected: selection.run, far, to, nonce });
    const unavailable = selection.unavailable.map((i) => ({ id: i.id, reason: `${i.id} cannot be dumped here: ${i.reason ?? i.status}`, fix: i.hint ?? `fix it here, or leave it out (migrate --exclude ${i.id})` }));
    plan = { ...plan, problems: [...unavailable, ...plan.problems] };
    emit({ type: 'plan', plan, far });
    if (plan.problems.length) return interruptedIfAborted({ result: 'refused', reason: plan.problems.map((p) => p.reason).join('; '), plan });
    if (!(await request.confirm(plan))) return interruptedIfAborted({ result: 'refused', reason: 'not confirmed: nothing was dumped or sent', plan });

    emit({ type: 'stage', stage: 'backup' });
    const made = await runBackup({ inventory: request.source, items: request.items, exclude: request.exclude, outDir: request.outDir, jobs: request.jobs, compression: request.compression, tools: request.tools, signal, engineOptions: request.engineOptions, onEvent: (event) => emit({ type: 'backup', event }) });
    set = made.dir;
    if (!made.verdict.ok) {
      const why = [...made.verdict.missing.map((m) => `${m.id}: ${m.reason}`), ...made.verdict.items.filter((i) => !i.ok).map((i) => `${i.id}: ${i.error ?? 'does not read back'}`)];
      return interruptedIfAborted({ result: 'failed', reason: `the set is not whole, so nothing was sent: ${why.join('; ')}`, hint: 'fix what failed here (see above), or leave it out, and migrate again', plan, set });
    }
    const room = roomProblem(made.manifest.items.reduce((sum, e) => sum + (e.bytes ?? 0), 0), far, selection.run.map((i) => i.id));
    if (room) return interruptedIfAborted({ result: 'refused', reason: room.reason, hint: room.fix, plan: { ...plan, problems: [room] }, set });

    emit({ type: 'stage', stage: 'transfer' });
    const transfer = await sendSet(request, made.dir, emit);
    if ('failure' in transfer) return interruptedIfAborted({ result: 'failed', reason: transfer.failure, hint: 'run the migration again: the set is made anew and sent', plan, set });

    emit({ type: 'stage', stage: 'restore' });
    let restore: FarRestoreResult;
    try {
      restore = await agent.call({
        result: FarRestoreResultSchema,
        event: RestoreEventSchema,
        args: ['restore', '--path', destination.path, '--stage', request.stage, '--set', transfer.name, ...(request.upgrade ? [] : ['--no-upgrade']), ...(request.stopApp ? ['--stop-app'] : []), ...(request.startApp ? ['--start'] : [])],
        onEvent: (event) => emit({ type: 'restore', event }),
        onLog: (line) => emit({ type: 'far-log', line }),
        signal,
      });
    } catch (error) {
      // No answer came back. The helper there rolls back once its sshd reports the link gone (at once
      // for a closed connection, later for a silent one); until then its restore may still finish,
      // so its set stays there.
      if (!signal.aborted && error instanceof NbError && error.code === LINK) {
        throw new NbError(`the link to ${destination.host} broke while restoring there: ${errorLine(error)}`, `nbbackup there either finishes the restore or rolls it back once it sees the link gone: check the install there before migrating again (its safety set is in ${request.stage})`);
      }
      // The helper answered (it could not start the restore) or was stopped first: nothing used the set.
      await removeFarSet(request, transfer.name);
      throw error;
    }
    const farSet = `${request.stage}/${transfer.name}`;
    if (restore.result === 'restored') return { result: 'migrated', plan, set, transfer, farSet, restore };
    // A set that was not restored is only taking room there; the safety copy (if any) stays.
    await removeFarSet(request, transfer.name);
    const hint = restore.result === 'refused' ? 'the checks above say what to fix there; nothing there was changed' : restore.result === 'failed' ? 'what was restored there was rolled back (see the notes); fix the cause, then migrate again' : undefined;
    return interruptedIfAborted({ result: restore.result, reason: restore.reason ?? restore.result, hint, plan, set, transfer, restore });
  } catch (error) {
    if (signal.aborted) return { result: 'interrupted', reason: 'interrupted', plan, set };
    // Every failure ends in an outcome, so both front ends report it (and --json prints it).
    if (error instanceof NbError && error.code !== 'usage') return { result: error.code === 'refused' ? 'refused' : 'failed', reason: errorLine(error), hint: migrateHint(error.hint), plan, set };
    throw error;
  }
}

/** ssh's hints are worded for `copy`; here the whole migration is what runs again. */
function migrateHint(hint: string | undefined): string | undefined {
  return hint?.replace(/\bcopy again\b/g, 'migrate again');
}

/** Sends the set, going on from what arrived after a dropped link; a Ctrl+C removes what arrived. */
type Resolved = MigrationRequest & { readonly sshCommand: readonly string[] };

async function sendSet(request: Resolved, set: string, emit: (event: MigrationEvent) => void): Promise<CopyResult | { failure: string }> {
  const destination = sshDestination({ ...request.destination, path: request.stage }, request.sshCommand);
  const name = set.split('/').pop()!;
  for (let attempt = 1; ; attempt++) {
    try {
      return await copySet(set, destination, request.signal, (event) => emit({ type: 'transfer', event }));
    } catch (error) {
      if (request.signal.aborted) {
        await removeFarPartial(request, name);
        throw error;
      }
      // Only a broken link is worth another try; a refusal or a full disk there says the same again.
      if (attempt >= TRANSFER_ATTEMPTS || !(error instanceof NbError && error.code === LINK)) return { failure: `the set could not be sent: ${errorLine(error)}` };
      emit({ type: 'retry', attempt, reason: errorLine(error) });
    }
  }
}

async function removeFarPartial(request: Resolved, name: string): Promise<void> {
  // The operator's Ctrl+C must not wait on a link that is gone: a minute at most.
  await discardSshPartial({ ...request.destination, path: request.stage }, request.sshCommand, name, AbortSignal.timeout(60_000)).catch(() => undefined);
}

async function removeFarSet(request: Resolved, name: string): Promise<void> {
  const destination = sshDestination({ ...request.destination, path: request.stage }, request.sshCommand);
  await destination.removeSet(name, AbortSignal.timeout(60_000)).catch(() => undefined);
}
