import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeHook, runHooks } from '../../../source/core/profiles/run-hooks.js';
import { waitFor } from '../../support/wait-for.js';
import { isGone } from './process-gone.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tmp = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-hooks-'));
  made.push(dir);
  return dir;
};
const env = { NBBACKUP_PROFILE: 'nightly', NBBACKUP_PHASE: 'before' };

/** A hook that starts a sleeping grandchild, writes its pid, and waits on it. */
const sleeper = (pidFile: string) => ['sh', '-c', 'sleep 1000 & echo $! > "$1"; wait', 'hook', pidFile];

describe('running hooks', () => {
  it('runs each hook in turn and reports them ok', async () => {
    const dir = tmp();
    const log = path.join(dir, 'log');
    const hooks = [{ command: ['sh', '-c', 'echo one >> "$1"', 'hook', log] }, { command: ['sh', '-c', 'echo two >> "$1"', 'hook', log] }];
    const results = await runHooks(hooks, env);
    expect(results.map((r) => [r.hook, r.ok, r.detail])).toEqual([
      [hooks[0], true, 'exit 0'],
      [hooks[1], true, 'exit 0'],
    ]);
    expect(readFileSync(log, 'utf8')).toBe('one\ntwo\n');
    expect(await runHooks(undefined, env)).toEqual([]);
  });

  it('stops at the first hook that fails', async () => {
    const marker = path.join(tmp(), 'second-ran');
    const results = await runHooks([{ command: ['sh', '-c', 'echo cannot stop worker >&2; exit 2'] }, { command: ['touch', marker] }], env);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: false, detail: 'exit 2', output: 'cannot stop worker' });
    expect(existsSync(marker)).toBe(false);
  });

  it('gives the hook our environment plus the profile variables', async () => {
    const out = path.join(tmp(), 'env');
    const script = 'printf "%s %s %s %s" "$NBBACKUP_PROFILE" "$NBBACKUP_PHASE" "$NBBACKUP_RESULT" "$HOME" > "$1"';
    const [result] = await runHooks([{ command: ['sh', '-c', script, 'hook', out] }], { ...env, NBBACKUP_PHASE: 'after', NBBACKUP_RESULT: 'success' });
    expect(result.ok).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe(`nightly after success ${process.env.HOME ?? ''}`);
  });

  it('keeps the last lines of stdout and stderr', async () => {
    const [result] = await runHooks([{ command: ['sh', '-c', 'for i in $(seq 1 50); do echo "line $i"; done; echo warning >&2'] }], env);
    expect(result.ok).toBe(true);
    const lines = result.output.split('\n');
    expect(lines).toHaveLength(20);
    expect(lines[0]).toBe('line 32');
    expect(lines.at(-1)).toBe('warning');
  });

  it('kills a hook that overruns its timeout, with the processes it started', async () => {
    const pidFile = path.join(tmp(), 'pid');
    const marker = path.join(tmp(), 'second-ran');
    const results = await runHooks([{ command: sleeper(pidFile), timeoutSeconds: 2 }, { command: ['touch', marker] }], env);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: false, detail: 'timed out after 2 s' });
    expect(existsSync(marker)).toBe(false);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await waitFor(() => isGone(pid), { what: `the hook's sleep (pid ${pid}) to end` });
  });

  it('kills a running hook and its children when the run is interrupted', async () => {
    const pidFile = path.join(tmp(), 'pid');
    const controller = new AbortController();
    const running = runHooks([{ command: sleeper(pidFile) }], env, controller.signal);
    const pid = await waitFor(() => existsSync(pidFile) && Number(readFileSync(pidFile, 'utf8')), { what: 'the hook to start its sleep' });
    controller.abort();
    const [result] = await running;
    expect(result).toMatchObject({ ok: false, detail: 'stopped (interrupted)' });
    await waitFor(() => isGone(pid), { what: `the hook's sleep (pid ${pid}) to end` });
  });

  it('runs nothing once the run is already interrupted', async () => {
    const marker = path.join(tmp(), 'ran');
    const controller = new AbortController();
    controller.abort();
    const [result] = await runHooks([{ command: ['touch', marker] }], env, controller.signal);
    expect(result).toMatchObject({ ok: false, detail: 'stopped (interrupted)' });
    expect(existsSync(marker)).toBe(false);
  });

  it('says when the program does not exist, without throwing', async () => {
    expect(await runHooks([{ command: ['/no/such'] }], env)).toEqual([{ hook: { command: ['/no/such'] }, ok: false, detail: 'not found: /no/such', output: '' }]);
  });
});

describe('describing a hook', () => {
  it('names the program and a plain subcommand, never arguments that may hold a token', () => {
    expect(describeHook({ command: ['systemctl', 'stop', 'worker'] })).toBe('systemctl stop …');
    expect(describeHook({ command: ['/usr/bin/docker', 'compose', '-f', '/srv/nb/docker-compose.yml', 'stop', 'app'] })).toBe('docker compose …');
    expect(describeHook({ command: ['sh', '-c', "echo it's done && sleep 1"] })).toBe('sh …');
    expect(describeHook({ command: ['/usr/local/bin/snapshot'] })).toBe('snapshot');
    // A token among the arguments never reaches a log or an alert.
    expect(describeHook({ command: ['curl', '-H', 'Authorization: Bearer HOOKTOKEN', 'https://x.example/hook'] })).not.toMatch(/HOOKTOKEN|x\.example/);
  });
});
