import os from 'node:os';
import prettyBytes from 'pretty-bytes';
import { NothingBackedUp, runBackup, type BackupEvent, type BackupResult } from '../backup/backup-runner.js';
import { errorHint, errorLine, NbError } from '../errors.js';
import { dataEntries } from '../set/manifest.js';
import { checkedFilesLine } from '../verify/verify-set.js';
import type { Config } from '../settings/config.js';
import { describeAlerts, sendAlerts, type AlertOutcome, type RunReport } from './alerts.js';
import type { Profile } from '../settings/profile.js';
import { openRunLog, writeProfileRun, type ProfileRun, type RunLog } from './profile-state.js';
import { hasRetention, planRetention, profileSets, pruneSets, type SetOwner } from './retention.js';
import { lastGoodItems, lockFileOf, outDirOf, ownerOf, plan, retentionOf } from './profile-plan.js';
import { describeHook, runHooks, type HookResult } from './run-hooks.js';
import { sealKeysFor, sealNeedsPassphrase } from '../settings/set-keys.js';
import { acquireRunLock, LockHeld } from './run-lock.js';
import { copyToDestinations, type CopyOutcome } from './profile-copies.js';
import { engineOptionsOf } from '../engines/engine-options.js';

/**
 * One unattended run of a profile, the same from cron, `nbbackup run` and the TUI:
 * lock → ping start → before hooks → backup → verify → copies → retention → after hooks → last run + alerts.
 * Copies and retention run only after a complete, verified set; a failed run deletes nothing here.
 */
export interface ProfileRunRequest {
  readonly profile: Profile;
  readonly config: Config;
  readonly signal: AbortSignal;
  /** Plain progress lines (the run log gets the same lines, timestamped). */
  readonly onLine: (line: string) => void;
  /** The backup's own events, for live progress panes. */
  readonly onEvent?: (event: BackupEvent) => void;
  /** A passphrase typed at the interactive tool's prompt, for a profile that encrypts with one and names no source. */
  readonly passphrase?: string;
}

export interface ProfileRunOutcome {
  readonly result: ProfileRun['result'];
  /** The backup's own result, when a set was written. */
  readonly backup?: BackupResult;
  readonly set?: string;
  readonly bytes?: number;
  readonly verified?: boolean;
  readonly items: readonly { id: string; status: string; error?: string; reason?: string }[];
  /** Items the install has now that an items-profile does not name (a data source added since). */
  readonly notIncluded: readonly string[];
  readonly pruned: readonly string[];
  /** Each off-site destination: proven there, or why not. */
  readonly copies: readonly CopyOutcome[];
  readonly hooks: readonly HookResult[];
  readonly alerts: readonly AlertOutcome[];
  readonly error?: string;
  readonly hint?: string;
  readonly log?: string;
  readonly seconds: number;
}

export async function runProfile(request: ProfileRunRequest): Promise<ProfileRunOutcome> {
  const { profile, config, signal } = request;
  const started = new Date();
  let log: RunLog | undefined;
  const say = (line: string) => {
    request.onLine(line);
    void log?.write(line);
  };
  let lock;
  try {
    lock = await acquireRunLock(lockFileOf(profile.name), profile.name);
  } catch (error) {
    if (!(error instanceof LockHeld)) throw error;
    return { result: 'refused', items: [], notIncluded: [], pruned: [], copies: [], hooks: [], alerts: [], error: errorLine(error), hint: errorHint(error), seconds: 0 };
  }
  log = await openRunLog(profile.name);
  const state: { backup?: BackupResult; set?: string; bytes?: number; verified?: boolean; items: ProfileRunOutcome['items']; notIncluded: string[]; pruned: string[]; copies: CopyOutcome[]; hooks: HookResult[] } = { items: [], notIncluded: [], pruned: [], copies: [], hooks: [] };
  const report = (event: RunReport['event'], error?: string): RunReport => ({
    profile: profile.name,
    install: profile.install,
    host: os.hostname(),
    event,
    startedAt: started.toISOString(),
    finishedAt: event === 'start' ? undefined : new Date().toISOString(),
    durationSeconds: event === 'start' ? undefined : seconds(started),
    bytes: state.bytes,
    set: state.set,
    items: state.items.map((i) => ({ id: i.id, status: i.status })),
    error,
  });
  const alerts: AlertOutcome[] = [];
  const alert = async (event: RunReport['event'], error?: string) => {
    const outcomes = await sendAlerts(profile.alerts, report(event, error));
    for (const o of outcomes) if (!o.ok) say(`alert not delivered: ${o.detail}`);
    alerts.push(...outcomes);
  };

  let result: ProfileRun['result'] = 'failure';
  let failure: { error: string; hint?: string } | undefined;
  try {
    if (lock.tookOverFrom) say(`took over the lock of an earlier run that ended without releasing it (pid ${lock.tookOverFrom.pid}, since ${lock.tookOverFrom.startedAt})`);
    say(`profile ${profile.name}: ${profile.install} → ${outDirOf(profile, config)}`);
    if (profile.alerts) say(`alerts: ${describeAlerts(profile.alerts)}`);
    await alert('start');
    failure = await backUp();
    if (!failure) result = 'success';
  } catch (error) {
    if (error instanceof NbError && error.code === 'interrupted') {
      result = 'interrupted';
      failure = { error: 'interrupted' };
    } else failure = { error: errorLine(error), hint: errorHint(error) };
  } finally {
    try {
      await afterHooks(result);
      if (failure) say(`FAILED: ${failure.error}${failure.hint ? ` (${failure.hint})` : ''}`);
      else say(`done: ${state.set} (${prettyBytes(state.bytes ?? 0)}, verified) in ${seconds(started)} s`);
      await writeProfileRun(profile.name, {
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        result,
        set: state.set,
        bytes: state.bytes,
        detail: failure ? failure.error : `${state.items.filter((i) => i.status === 'ok').length} items, verified${state.copies.length ? `, copied to ${state.copies.length}` : ''}${state.pruned.length ? `, ${state.pruned.length} pruned` : ''}`,
      }).catch(() => undefined);
      await alert(result === 'success' ? 'success' : 'failure', failure?.error);
    } finally {
      await lock.release();
    }
  }
  return { result, backup: state.backup, set: state.set, bytes: state.bytes, verified: state.verified, items: state.items, notIncluded: state.notIncluded, pruned: state.pruned, copies: state.copies, hooks: state.hooks, alerts, error: failure?.error, hint: failure?.hint, log: log.file, seconds: seconds(started) };

  /** Everything between the hooks; a returned failure (not a throw) is a run that finished badly. */
  async function backUp(): Promise<{ error: string; hint?: string } | undefined> {
    const before = await runHooks(profile.hooks?.before, hookEnv('before'), signal);
    state.hooks.push(...before);
    for (const h of before) say(`before hook ${describeHook(h.hook)}: ${h.ok ? 'ok' : h.detail}`);
    const failed = before.find((h) => !h.ok);
    if (signal.aborted) throw new NbError('interrupted', undefined, 'interrupted');
    if (failed) return { error: `before hook ${describeHook(failed.hook)} failed (${failed.detail}); nothing was backed up`, hint: lastLine(failed.output) };

    const planned = await plan(profile, config, signal);
    const owner = ownerOf(profile, planned.inventory.install.path);
    const lastItems = await lastGoodItems(planned.outDir, owner);
    state.notIncluded = planned.notIncluded;
    if (planned.notIncluded.length) say(`not in this profile: ${planned.notIncluded.join(', ')} (add them with nbbackup profile save, or use --all)`);
    let backup;
    try {
      backup = await runBackup({
        inventory: planned.inventory,
        items: profile.items,
        exclude: profile.exclude,
        outDir: planned.outDir,
        jobs: profile.jobs ?? config.jobs,
        compression: profile.compress ?? config.compress ?? 'zstd',
        tools: planned.tools,
        signal,
        profile: profile.name,
        ...(await setKeysOf(profile, config, request.passphrase)),
        onEvent: (event) => {
          request.onEvent?.(event);
          const line = eventLine(event);
          if (line) say(line);
        },
        engineOptions: { ...engineOptionsOf(config), pgJobs: profile.pgJobs },
      });
    } catch (error) {
      if (error instanceof NothingBackedUp) state.items = error.entries.map(itemLine);
      throw error;
    }
    const entries = dataEntries(backup.manifest);
    state.backup = backup;
    state.set = backup.dir;
    state.items = entries.map(itemLine);
    state.bytes = backup.manifest.items.reduce((sum, i) => sum + (i.bytes ?? 0), 0);
    state.verified = backup.verdict.ok;
    const failedItems = entries.filter((e) => e.status === 'failed');
    if (failedItems.length) return { error: `incomplete set: ${failedItems.map((e) => `${e.id} (${e.error})`).join('; ')}`, hint: 'nothing was pruned; fix the reason and run again' };
    if (!backup.verdict.ok) return { error: `the new set does not verify: ${backup.verdict.items.filter((i) => !i.ok).map((i) => `${i.id}: ${i.error}`).join('; ')}`, hint: 'nothing was pruned' };
    // An item the last good set held and this one lacks (an unmounted uploads folder, a dropped data
    // source) is reported as a failure, and nothing is pruned: the older sets may be the only copies.
    const okNow = new Set(entries.filter((e) => e.status === 'ok').map((e) => e.id));
    const lost = lastItems.filter((id) => !okNow.has(id) && (profile.items === 'all' || profile.items.includes(id)) && !profile.exclude?.includes(id));
    if (lost.length) return { error: `${lost.join(', ')} ${lost.length > 1 ? 'were' : 'was'} in the last set but not in this one; nothing was pruned`, hint: 'check the install (an unmounted folder, a removed data source); once that is meant, the next run prunes as usual' };
    state.copies = await copyToDestinations(profile, config, backup.dir, owner, signal, say);
    const failedCopies = state.copies.filter((c) => !c.ok);
    if (failedCopies.length) return { error: `${failedCopies.map((c) => `copy to ${c.to} failed (${c.error})`).join('; ')}; nothing was pruned here`, hint: failedCopies[0].hint ?? 'the set is complete and verified here; the next run copies again' };
    state.pruned = await retain(planned.outDir, owner, backup.dir);
    return undefined;
  }

  async function retain(outDir: string, owner: SetOwner, made: string): Promise<string[]> {
    const policy = retentionOf(profile);
    if (!hasRetention(policy)) return [];
    const retention = planRetention(await profileSets(outDir, owner), policy, new Date(), made);
    const { removed, refused } = await pruneSets(retention);
    for (const dir of removed) say(`pruned ${dir} (${retention.prune.find((p) => p.set.dir === dir)?.reason ?? 'retention'})`);
    for (const r of refused) say(`not pruned ${r.dir}: ${r.reason}`);
    say(`retention: kept ${retention.keep.length} set${retention.keep.length === 1 ? '' : 's'}, pruned ${removed.length}${refused.length ? `, ${refused.length} refused` : ''}`);
    return [...removed];
  }

  async function afterHooks(outcome: ProfileRun['result']): Promise<void> {
    if (!profile.hooks?.after?.length) return;
    // After hooks run even when the backup failed: they undo what the before hooks did (a stopped worker).
    const after = await runHooks(profile.hooks.after, { ...hookEnv('after'), NBBACKUP_RESULT: outcome, ...(state.set ? { NBBACKUP_SET: state.set } : {}) });
    state.hooks.push(...after);
    for (const h of after) say(`after hook ${describeHook(h.hook)}: ${h.ok ? 'ok' : h.detail}`);
    const failed = after.find((h) => !h.ok);
    if (failed && outcome === 'success') {
      result = 'failure';
      failure = { error: `after hook ${describeHook(failed.hook)} failed (${failed.detail}); the set is complete and verified`, hint: lastLine(failed.output) };
    }
  }

  function hookEnv(phase: 'before' | 'after'): Record<string, string> {
    return { NBBACKUP_PROFILE: profile.name, NBBACKUP_PHASE: phase, NBBACKUP_INSTALL: profile.install };
  }
}

function itemLine(e: { id: string; status: string; error?: string; reason?: string }) {
  return { id: e.id, status: e.status, error: e.error, reason: e.reason };
}

function eventLine(event: BackupEvent): string | undefined {
  switch (event.type) {
    case 'set':
      return `set ${event.dir}`;
    case 'start':
      return `[${event.id}] started`;
    case 'warning':
      return `[${event.id}] warning: ${event.message}`;
    case 'verify':
      return 'verifying the set';
    case 'verified':
      return event.verdict.ok ? `verified: ${checkedFilesLine(event.verdict)}` : 'VERIFY FAILED';
    case 'done': {
      const e = event.entry;
      if (e.status === 'ok') return `[${e.id}] ok  ${prettyBytes(e.bytes ?? 0)} in ${e.seconds}s`;
      return e.status === 'skipped' ? `[${e.id}] skipped: ${e.reason}` : `[${e.id}] FAILED  ${e.error}`;
    }
    default:
      return undefined;
  }
}

function lastLine(output: string): string | undefined {
  return output.trim().split('\n').pop()?.slice(0, 200) || undefined;
}

function seconds(since: Date): number {
  return Math.round((Date.now() - since.getTime()) / 100) / 10;
}

/** A profile's encryption, read from where it points (files, NBBACKUP_PASSPHRASE_FILE, passcommand, else a typed passphrase) at each run. */
async function setKeysOf(profile: Profile, config: Config, passphrase?: string) {
  if (!profile.encrypt) return {};
  const configured = { ...profile.encrypt, passcommand: config.passcommand };
  // A typed passphrase only where nothing else gives one: a file or passcommand set up since wins.
  return sealKeysFor(sealNeedsPassphrase(configured) ? { ...configured, passphrase } : configured);
}
