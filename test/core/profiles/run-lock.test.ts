import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lutimesSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { NbError } from '../../../source/core/errors.js';
import { acquireRunLock, isHolderAlive, LockHeld, readRunLock, type LockHolder } from '../../../source/core/profiles/run-lock.js';

// Real processes hold, lose and race for the lock: the children load the module itself (through tsx)
// and report on stdout, so what is proved is what a second nbbackup process would see.

const REPO = path.resolve(import.meta.dirname, '../../..');
const MODULE = path.join(REPO, 'source/core/profiles/run-lock.ts');
/** No process has this pid on Linux (pid_max is at most 2^22). */
const DEAD_PID = 2 ** 22 + 1;

/** `<tmp>/locks/nightly.lock`; the locks folder is made unless the test is of making it. */
function lockFile(makeFolder = true): string {
  const folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-lock-')), 'locks');
  if (makeFolder) mkdirSync(folder, { mode: 0o700 });
  return path.join(folder, 'nightly.lock');
}
const holder = (over: Partial<LockHolder>): LockHolder => ({ pid: DEAD_PID, host: os.hostname(), startedAt: '2026-12-02T02:00:01Z', profile: 'nightly', ...over });
const writeLock = (file: string, h: LockHolder) => writeFileSync(file, `${JSON.stringify(h)}\n`, { mode: 0o600 });

/** `go`: acquires once a line arrives on stdin (so several start together); then holds until stdin ends. */
const CHILD = `
import { createInterface } from 'node:readline';
import { acquireRunLock } from ${JSON.stringify(MODULE)};
const [file, mode] = process.argv.slice(1);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write('ready\\n');
if (mode === 'go') await lines.next();
try {
  const lock = await acquireRunLock(file, 'nightly');
  process.stdout.write(JSON.stringify({ won: true, tookOverFrom: lock.tookOverFrom }) + '\\n');
  await lines.next();
  await lock.release();
} catch (error) {
  process.stdout.write(JSON.stringify({ won: false, message: error.message, code: error.code }) + '\\n');
}
`;

interface Report {
  readonly won: boolean;
  readonly tookOverFrom?: LockHolder;
  readonly message?: string;
}

/** Resolves once the child has exited, also when it already had. */
function ended(child: ChildProcess): Promise<unknown> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
}

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    const exit = ended(child);
    child.kill('SIGKILL');
    await exit;
  }
});

function lockChild(file: string, mode: 'go' | 'now') {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, file, mode], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error(`lock child ended without a report: ${stderr}`);
    return line.value as string;
  };
  return { child, next, report: async () => JSON.parse(await next()) as Report };
}

describe('the run lock of a profile', () => {
  it('is held by one run: a second one, here or in another process, is refused naming the holder', async () => {
    const file = lockFile(false);
    const lock = await acquireRunLock(file, 'nightly');
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await readRunLock(file)).toMatchObject({ pid: process.pid, host: os.hostname(), profile: 'nightly' });
    const again = await acquireRunLock(file, 'nightly').catch((error: unknown) => error);
    expect(again).toBeInstanceOf(LockHeld);
    expect((again as LockHeld).code).toBe('refused');
    expect((again as LockHeld).holder.pid).toBe(process.pid);
    expect((again as LockHeld).message).toMatch(new RegExp(`^profile "nightly" is already running \\(pid ${process.pid} on ${os.hostname()}, since `));
    expect((again as LockHeld).hint).toBe(`wait for it to finish; the lock is ${file}`);
    const other = lockChild(file, 'now');
    expect(await other.next()).toBe('ready');
    expect(await other.report()).toMatchObject({ won: false, message: expect.stringContaining(`is already running (pid ${process.pid} `) });
    await lock.release();
    expect(await readRunLock(file)).toBeUndefined();
  });

  it('left by a run killed outright is taken over, naming the run it was', async () => {
    const file = lockFile();
    const killed = lockChild(file, 'now');
    expect(await killed.next()).toBe('ready');
    expect(await killed.report()).toMatchObject({ won: true });
    const left = await readRunLock(file);
    expect(left?.pid).toBe(killed.child.pid);
    killed.child.kill('SIGKILL');
    await ended(killed.child);
    expect(isHolderAlive(left!)).toBe(false);
    const lock = await acquireRunLock(file, 'nightly');
    expect(lock.tookOverFrom).toEqual(left);
    expect((await readRunLock(file))?.pid).toBe(process.pid);
    await lock.release();
  });

  it('whose pid now belongs to another process (a different start time) is taken over', async () => {
    const file = lockFile();
    const reused = holder({ pid: process.pid, procStart: '1' });
    writeLock(file, reused);
    expect(isHolderAlive(reused)).toBe(false);
    expect(isHolderAlive(holder({ pid: process.pid }))).toBe(true);
    const lock = await acquireRunLock(file, 'nightly');
    expect(lock.tookOverFrom).toEqual(reused);
    await lock.release();
  });

  it('of a run on another host is held: this host cannot tell, and says so', async () => {
    const file = lockFile();
    writeLock(file, holder({ host: 'web2' }));
    const refused = await acquireRunLock(file, 'nightly').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LockHeld);
    expect((refused as LockHeld).message).toBe(`profile "nightly" may be running on web2 (pid ${DEAD_PID}, since 2026-12-02T02:00:01Z); this host cannot tell whether it still is`);
    expect((refused as LockHeld).hint).toBe(`wait for it to finish; if web2 no longer runs it, remove the lock ${file}`);
  });

  it('when stale and raced for by 8 acquirers at once, goes to exactly one', async () => {
    const file = lockFile();
    writeLock(file, holder({}));
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => acquireRunLock(file, 'nightly')));
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(won).toHaveLength(1);
    expect(won[0].tookOverFrom?.pid).toBe(DEAD_PID);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(LockHeld);
    await won[0].release();
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });

  it('when stale and raced for by 4 processes at once, goes to exactly one', async () => {
    const file = lockFile();
    writeLock(file, holder({}));
    const racers = Array.from({ length: 4 }, () => lockChild(file, 'go'));
    for (const racer of racers) expect(await racer.next()).toBe('ready');
    for (const racer of racers) racer.child.stdin!.write('go\n');
    const reports = await Promise.all(racers.map((r) => r.report()));
    const winners = racers.filter((_, i) => reports[i].won);
    expect(winners).toHaveLength(1);
    expect(reports.find((r) => r.won)?.tookOverFrom?.pid).toBe(DEAD_PID);
    const winnerPid = winners[0].child.pid;
    for (const r of reports.filter((x) => !x.won)) expect(r.message).toContain(`is already running (pid ${winnerPid} `);
    expect((await readRunLock(file))?.pid).toBe(winnerPid);
    for (const racer of racers) racer.child.stdin!.end();
    await Promise.all(racers.map((r) => ended(r.child)));
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });

  it('is never removed by a release once it is no longer ours', async () => {
    const file = lockFile();
    const lock = await acquireRunLock(file, 'nightly');
    const successor = `${JSON.stringify(holder({ pid: process.ppid }))}\n`;
    writeFileSync(file, successor);
    await lock.release();
    expect(readFileSync(file, 'utf8')).toBe(successor);
    expect(readdirSync(path.dirname(file))).toEqual(['nightly.lock']);
  });

  it('that cannot be read is held while fresh (a writer may be mid-write) and taken over once old', async () => {
    const file = lockFile();
    writeFileSync(file, '');
    const refused = await acquireRunLock(file, 'nightly').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LockHeld);
    expect((refused as LockHeld).message).toMatch(/is being started by another run \(its lock .* is still being written\)/);
    expect(await readRunLock(file)).toBeUndefined();
    const old = new Date(Date.now() - 120_000);
    utimesSync(file, old, old);
    const lock = await acquireRunLock(file, 'nightly');
    expect(lock.tookOverFrom).toBeUndefined();
    expect((await readRunLock(file))?.pid).toBe(process.pid);
    await lock.release();
  });

  it('is taken over past a guard left by a run killed in the middle of a takeover', async () => {
    const file = lockFile();
    writeLock(file, holder({}));
    writeLock(`${file}.takeover`, holder({ profile: 'takeover' }));
    const lock = await acquireRunLock(file, 'nightly');
    expect(lock.tookOverFrom?.pid).toBe(DEAD_PID);
    expect(readdirSync(path.dirname(file))).toEqual(['nightly.lock']);
    await lock.release();
  });

  it('prints no field of the lock file raw: control characters dropped, length capped, the profile asked for named', async () => {
    const file = lockFile();
    const hostile = { pid: DEAD_PID, host: `web2\u001b]0;owned\u0007\r\n${'h'.repeat(300)}`, startedAt: '2026-12-02\u001b[2J\u202eT02:00:01Z', profile: 'other\nFAILED: everything' };
    writeFileSync(file, JSON.stringify(hostile));
    const refused = await acquireRunLock(file, 'nightly').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LockHeld);
    const { message, hint, holder: shownHolder } = refused as LockHeld;
    for (const text of [message, hint!, shownHolder.host, shownHolder.startedAt, shownHolder.profile]) expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(message).toMatch(/^profile "nightly" may be running on web2\]0;ownedh+… \(pid \d+, since 2026-12-02\[2JT02:00:01Z\)/);
    expect(shownHolder.host.length).toBeLessThanOrEqual(80);
    expect(message).not.toContain('other');
    expect((await readRunLock(file))?.host).toBe(shownHolder.host);
  });

  it('larger than a lock can be is never read: held while fresh, taken over once old', async () => {
    const file = lockFile();
    // 1 GiB of nothing (sparse): reading it into a string would fail, or take the memory of the machine.
    writeFileSync(file, '');
    truncateSync(file, 2 ** 30);
    const refused = await acquireRunLock(file, 'nightly').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LockHeld);
    expect((refused as LockHeld).message).toMatch(/^profile "nightly" cannot start: its lock .* is too large, which nbbackup never writes/);
    expect(await readRunLock(file)).toBeUndefined();
    const old = new Date(Date.now() - 120_000);
    utimesSync(file, old, old);
    const lock = await acquireRunLock(file, 'nightly');
    expect(statSync(file).size).toBeLessThan(1000);
    await lock.release();
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });

  it('that is a link, dangling or not, is judged as the link itself: held while fresh, then only the link is removed', async () => {
    for (const target of ['dangling', 'real']) {
      const file = lockFile();
      const pointed = path.join(path.dirname(file), '..', `${target}-target`);
      if (target === 'real') writeFileSync(pointed, `${JSON.stringify(holder({}))}\n`);
      symlinkSync(pointed, file);
      const refused = await acquireRunLock(file, 'nightly').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(LockHeld);
      expect((refused as LockHeld).message).toContain(`its lock ${file} is a link, which nbbackup never writes`);
      expect(await readRunLock(file)).toBeUndefined();
      const old = new Date(Date.now() - 120_000);
      lutimesSync(file, old, old);
      const lock = await acquireRunLock(file, 'nightly');
      expect(lock.tookOverFrom).toBeUndefined();
      expect(statSync(file).isFile()).toBe(true);
      expect((await readRunLock(file))?.pid).toBe(process.pid);
      // What the link pointed to is as it was.
      expect(existsSync(pointed)).toBe(target === 'real');
      if (target === 'real') expect(readFileSync(pointed, 'utf8')).toBe(`${JSON.stringify(holder({}))}\n`);
      await lock.release();
      expect(readdirSync(path.dirname(file))).toEqual([]);
    }
  });

  it('that keeps changing hands names a file that is there to remove', async () => {
    const file = lockFile();
    writeLock(file, holder({}));
    // A takeover guard held by a live process (this one) keeps every takeover waiting.
    writeLock(`${file}.takeover`, holder({ pid: process.pid, profile: 'takeover' }));
    const refused = await acquireRunLock(file, 'nightly').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NbError);
    expect((refused as NbError).message).toBe(`the lock ${file} of profile "nightly" keeps changing hands`);
    expect((refused as NbError).hint).toBe(`another run is taking it over; if none is, remove ${file}.takeover`);
    expect(existsSync(`${file}.takeover`)).toBe(true);
  }, 20_000);
});
