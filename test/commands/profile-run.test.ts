import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRichInstall, type RichInstall } from '../support/fixtures.js';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { backupFolder, makeSet } from '../support/made-sets.js';
import { S3_TEST_CREDENTIALS, s3TestClient, startS3Server, type S3TestServer } from '../support/s3-server.js';
import { filesDifferingThere } from '../support/s3-sets.js';
import { runCli } from '../support/run-cli.js';
import { HARD_PASSWORD } from '../support/secrets.js';
import { waitFor } from '../support/wait-for.js';

const pg = inject('pg');
const maria = inject('maria');
let rich: RichInstall;

/** What the alert endpoints received: method, path and body, in order. */
interface Hit {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}
let server: Server;
const hits: Hit[] = [];
let base: string;

beforeAll(async () => {
  rich = await buildRichInstall(pg, maria);
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', path: req.url ?? '', body });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await rich?.cleanup();
  server?.close();
});

/** Where sets made by this machine's runs of the rich install say they come from. */
const mine = () => ({ host: os.hostname(), installPath: realpathSync(rich.dir) });

/** Each test keeps its profiles in a state folder of its own. */
function world() {
  const state = mkdtempSync(path.join(os.tmpdir(), 'nbtest-profiles-'));
  const out = backupFolder();
  const cli = (args: readonly string[]) => runCli(args, { env: { NBBACKUP_STATE_DIR: state } });
  return { state, out, cli };
}

/** Every file under a folder with its contents: a password must be in none of them. */
function everyFile(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => statSync(f).isFile())
    .map((file) => ({ file, text: readFileSync(file, 'latin1') }));
}

const hitsFor = (tag: string) => hits.filter((h) => h.path.includes(tag));

describe('profiles run unattended', () => {
  it('a saved profile runs from nbbackup run: a verified set, its alerts, its run log, retention of its own sets only, and no password anywhere', async () => {
    const { state, out, cli } = world();
    // A month of older sets of this profile, one of another profile, one made by hand: retention may touch only the first.
    const old = [];
    for (let day = 1; day <= 5; day++) old.push(await makeSet(out, { install: 'rich', at: `2026-10-0${day}T02:00:00Z`, profile: 'nightly', ...mine() }));
    const foreign = await makeSet(out, { install: 'rich', at: '2026-10-01T03:00:00Z', profile: 'weekly', ...mine() });
    const byHand = await makeSet(out, { install: 'rich', at: '2026-10-01T04:00:00Z' });
    // The same profile name on another server sharing the folder (NFS): never this run's to prune.
    const otherHost = await makeSet(out, { install: 'rich', at: '2026-10-01T05:00:00Z', profile: 'nightly', host: 'web2', installPath: rich.dir });

    const saved = await cli(['profile', 'save', 'nightly', '--install', rich.dir, '--all', '--out', out, '--keep-last', '3', '--webhook', `${base}/hook-a`, '--ping', `${base}/ping-a`, '--alert-on-success']);
    expect(saved.exitCode, String(saved.stderr)).toBe(0);
    const listed = JSON.parse(String((await cli(['profiles', '--json'])).stdout));
    expect(listed.profiles).toEqual([expect.objectContaining({ name: 'nightly', install: rich.dir, items: 'all', outDir: out, keep: { last: 3 } })]);

    const run = await cli(['run', 'nightly', '--json']);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const report = JSON.parse(String(run.stdout));
    expect(report).toMatchObject({ profile: 'nightly', result: 'success', verified: true });
    expect(report.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(['main', 'external:shop', 'storage:uploads']));
    const manifest = JSON.parse(readFileSync(path.join(report.set, 'manifest.json'), 'utf8'));
    expect(manifest.profile).toBe('nightly');
    expect((await cli(['verify', report.set])).exitCode).toBe(0);
    // The stderr lines are timestamped for cron's mail.
    expect(String(run.stderr)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ profile nightly: /m);

    // Keep-last 3: the new set and the two newest old ones; the other profile's and the hand-made set stay.
    const left = readdirSync(out).map((n) => path.join(out, n)).sort();
    expect(left).toEqual([old[3], old[4], foreign, byHand, otherHost, report.set].sort());
    expect(report.pruned.sort()).toEqual([old[0], old[1], old[2]].sort());

    // Ping at start and at success, a webhook on success (asked for), each body free of secrets.
    expect(hitsFor('ping-a').map((h) => h.path)).toEqual(['/ping-a/start', '/ping-a']);
    const [hook] = hitsFor('hook-a');
    expect(hook.method).toBe('POST');
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({ profile: 'nightly', event: 'success', install: rich.dir, set: report.set });
    expect(body.bytes).toBeGreaterThan(0);
    expect(body.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(hook.body).not.toContain(HARD_PASSWORD);

    // The profile file is private; neither it nor the run log or state hold a password.
    const files = everyFile(state);
    expect(files.map((f) => path.basename(f.file))).toEqual(expect.arrayContaining(['profiles.json', 'run.log', 'last-run.json']));
    for (const f of files) expect(f.text, f.file).not.toContain(HARD_PASSWORD);
    expect(statSync(path.join(state, 'profiles.json')).mode & 0o777).toBe(0o600);
    const log = readFileSync(files.find((f) => f.file.endsWith('run.log'))!.file, 'utf8');
    expect(log).toMatch(/verified: \d+ files match/);
    expect(log).toMatch(/pruned .*2026/);

    const again = String((await cli(['profiles'])).stdout);
    expect(again).toMatch(/nightly .*\n {2}last run \S+ success/);
  });

  it('a second run of the same profile exits 3 naming the first; a lock left by a killed run is taken over', async () => {
    const { state, out, cli } = world();
    const gate = path.join(state, 'gate');
    const started = path.join(state, 'hook-started');
    // The before hook holds the run until the test opens the gate: a run that is surely under way.
    const hold = JSON.stringify(['sh', '-c', `echo $$ > "${started}"; while [ ! -e "${gate}" ]; do sleep 0.05; done`]);
    expect((await cli(['profile', 'save', 'held', '--install', rich.dir, '--items', 'storage', '--out', out, '--before', hold])).exitCode).toBe(0);

    const first = cli(['run', 'held']);
    await waitFor(() => existsSync(started), { what: 'the first run to reach its before hook' });
    const second = await cli(['run', 'held']);
    expect(second.exitCode).toBe(3);
    expect(String(second.stderr)).toMatch(new RegExp(`profile "held" is already running \\(pid ${first.pid} on `));
    writeFileSync(gate, '');
    expect((await first).exitCode).toBe(0);

    // Killed without a chance to clean up: its lock stays, naming a process that is gone.
    rmSync(gate);
    rmSync(started);
    const killed = cli(['run', 'held']);
    await waitFor(() => existsSync(started), { what: 'the run to reach its before hook' });
    const hookPid = Number(readFileSync(started, 'utf8'));
    killed.kill('SIGKILL');
    await killed;
    // Its hook dies with it (parent-death signal); should it not, the test ends it.
    try {
      process.kill(-hookPid, 'SIGKILL');
    } catch {
      // gone already
    }
    writeFileSync(gate, '');
    const next = await cli(['run', 'held']);
    expect(next.exitCode, String(next.stderr)).toBe(0);
    expect(String(next.stdout)).toMatch(new RegExp(`took over the lock of an earlier run .*pid ${killed.pid}`));
  });

  it('a failed run deletes nothing, runs its after hooks, and alerts on failure without a secret', async () => {
    const { state, out, cli } = world();
    const before = [await makeSet(out, { install: 'rich', at: '2026-10-01T02:00:00Z', profile: 'broken', ...mine() }), await makeSet(out, { install: 'rich', at: '2026-10-02T02:00:00Z', profile: 'broken', ...mine() })];
    const afterMark = path.join(state, 'after-ran');
    const saved = await cli([
      'profile', 'save', 'broken', '--install', rich.dir, '--all', '--out', out, '--keep-last', '1', '--webhook', `${base}/hook-b`, '--ping', `${base}/ping-b/{event}`,
      '--before', JSON.stringify(['sh', '-c', 'echo worker refused to stop >&2; exit 4']),
      '--after', JSON.stringify(['sh', '-c', `echo "$NBBACKUP_RESULT" > "${afterMark}"`]),
    ]);
    expect(saved.exitCode, String(saved.stderr)).toBe(0);
    const run = await cli(['run', 'broken', '--json']);
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(String(run.stdout));
    expect(report).toMatchObject({ result: 'failure', set: null, pruned: [] });
    expect(report.error).toMatch(/^before hook sh … failed \(exit 4\); nothing was backed up/);
    expect(readdirSync(out).map((n) => path.join(out, n)).sort()).toEqual(before.sort());
    expect(readFileSync(afterMark, 'utf8').trim()).toBe('failure');
    expect(hitsFor('ping-b').map((h) => h.path)).toEqual(['/ping-b/start', '/ping-b/fail']);
    const [hook] = hitsFor('hook-b');
    expect(JSON.parse(hook.body)).toMatchObject({ profile: 'broken', event: 'failure', error: expect.stringMatching(/before hook/) });
    expect(hook.body).not.toContain(HARD_PASSWORD);
    const listed = JSON.parse(String((await cli(['profiles', '--json'])).stdout));
    expect(listed.profiles[0].lastRun).toMatchObject({ result: 'failure', detail: expect.stringMatching(/before hook/) });
  });

  it('--dry-run says what it would dump and prune, and changes nothing', async () => {
    const { state, out, cli } = world();
    const sets = [await makeSet(out, { install: 'rich', at: '2026-10-01T02:00:00Z', profile: 'dry', ...mine() }), await makeSet(out, { install: 'rich', at: '2026-10-02T02:00:00Z', profile: 'dry', ...mine() })];
    expect((await cli(['profile', 'save', 'dry', '--install', rich.dir, '--items', 'main,storage', '--out', out, '--keep-last', '2', '--webhook', `${base}/hook-c`])).exitCode).toBe(0);
    const stateBefore = readdirSync(state, { recursive: true }).map(String).sort();
    const run = await cli(['run', 'dry', '--dry-run']);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const text = String(run.stdout);
    expect(text).toMatch(/would dump main/);
    expect(text).toMatch(/would dump storage/);
    expect(text).toContain(`would prune ${sets[0]}`);
    expect(text).not.toContain(`would prune ${sets[1]}`);
    // An items-profile reports what the install has beyond its items.
    expect(text).toMatch(/not in this profile: .*external:shop/);
    expect(readdirSync(out).map((n) => path.join(out, n)).sort()).toEqual(sets.sort());
    expect(readdirSync(state, { recursive: true }).map(String).sort()).toEqual(stateBefore);
    expect(hitsFor('hook-c')).toEqual([]);
  });

  it('profiles shipped in .nbbackuprc run, cannot be changed from nbbackup, and a bad value is one line naming the file and the key', async () => {
    const { state, out } = world();
    const rc = path.join(state, 'nbbackup.yaml');
    writeFileSync(rc, `backupDir: ${JSON.stringify(out)}\nprofiles:\n  shipped:\n    install: ${JSON.stringify(rich.dir)}\n    items: [storage]\n`);
    const cli = (args: readonly string[]) => runCli(args, { env: { NBBACKUP_STATE_DIR: state, NBBACKUP_CONFIG: rc } });
    const run = await cli(['run', 'shipped', '--json']);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(path.dirname(JSON.parse(String(run.stdout)).set)).toBe(out);
    const del = await cli(['profile', 'delete', 'shipped']);
    expect(del.exitCode).toBe(2);
    expect(String(del.stderr)).toContain(`profile "shipped" comes from ${rc}`);

    writeFileSync(rc, `profiles:\n  shipped:\n    install: /srv/app\n    items: all\n    keep:\n      daily: seven\n`);
    const bad = await cli(['profiles']);
    expect(bad.exitCode).toBe(1);
    const lines = String(bad.stderr).trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^nbbackup: ${rc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: profiles\\.shipped\\.keep\\.daily: .*number`));
    expect(lines.length).toBeLessThanOrEqual(2);
  });
});

describe('profile save', () => {
  it('fixes the backup folder when saved, refuses one inside the install, and says when it replaces a profile', async () => {
    const { state, cli } = world();
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'nbtest-cwd-'));
    const inCwd = (args: readonly string[]) => runCli(args, { cwd, env: { NBBACKUP_STATE_DIR: state } });
    expect((await inCwd(['profile', 'save', 'rel', '--install', rich.dir, '--items', 'main', '--out', 'sets-here'])).exitCode).toBe(0);
    const saved = JSON.parse(readFileSync(path.join(state, 'profiles.json'), 'utf8')).profiles.rel;
    expect(saved.outDir).toBe(path.join(cwd, 'sets-here'));
    // Without --out: the folder the settings name now, not whatever cron's working folder finds later.
    await inCwd(['profile', 'save', 'plain', '--install', rich.dir, '--items', 'main']);
    expect(JSON.parse(readFileSync(path.join(state, 'profiles.json'), 'utf8')).profiles.plain.outDir).toBe(sandboxBackups());

    for (const out of [path.join(rich.dir, 'storage/uploads'), rich.dir, '/']) {
      const refused = await cli(['profile', 'save', 'inside', '--install', rich.dir, '--all', '--out', out]);
      expect(refused.exitCode, out).toBe(2);
      expect(String(refused.stderr)).toMatch(/^nbbackup: the backup folder .*(is inside the install|cannot be \/)/);
    }
    const again = await cli(['profile', 'save', 'rel', '--install', rich.dir, '--items', 'main', '--out', '/tmp/x']);
    expect(String(again.stdout)).toMatch(/^replaced profile rel /);
  });

  it('a run whose output pipe closes early still finishes, releases its lock and records its result', async () => {
    const { out, cli } = world();
    expect((await cli(['profile', 'save', 'piped', '--install', rich.dir, '--items', 'storage:uploads', '--out', out])).exitCode).toBe(0);
    const child = cli(['run', 'piped']);
    child.stdout?.destroy();
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(String(result.stderr)).not.toMatch(/EPIPE|at /);
    const listed = JSON.parse(String((await cli(['profiles', '--json'])).stdout));
    expect(listed.profiles[0]).toMatchObject({ name: 'piped', lastRun: { result: 'success' } });
    expect(listed.profiles[0].running).toBeUndefined();
  });
});

function sandboxBackups(): string {
  return path.join(path.dirname(inject('sandbox').config), 'backups');
}

describe('a run that loses an item', () => {
  it('fails naming it and prunes nothing when the last set held it (an unmounted uploads folder)', async () => {
    const { out, cli } = world();
    expect((await cli(['profile', 'save', 'lossy', '--install', rich.dir, '--items', 'main,storage:uploads', '--out', out, '--keep-last', '1'])).exitCode).toBe(0);
    expect((await cli(['run', 'lossy'])).exitCode).toBe(0);
    const uploads = path.join(rich.dir, 'storage/uploads');
    renameSync(uploads, `${uploads}.gone`);
    try {
      await cli(['profile', 'save', 'lossy', '--install', rich.dir, '--all', '--out', out, '--keep-last', '1']);
      const run = await cli(['run', 'lossy', '--json']);
      expect(run.exitCode).toBe(1);
      expect(JSON.parse(String(run.stdout)).error).toMatch(/^storage:uploads was in the last set but not in this one; nothing was pruned/);
      expect(readdirSync(out)).toHaveLength(2);
    } finally {
      renameSync(`${uploads}.gone`, uploads);
    }
  });
});

describe('a run with off-site copies', () => {
  let s3: S3TestServer;
  beforeAll(async () => {
    s3 = await startS3Server();
  });
  afterAll(async () => s3?.close());

  it('copies each good set to every destination, proven there, and prunes there only the sets this profile sent', async () => {
    const { out, state } = world();
    // S3 through the settings file (endpoint) and the AWS environment (keys), as an operator sets it up.
    const rc = path.join(state, 'nbbackuprc.yaml');
    writeFileSync(rc, `s3:\n  endpoint: ${s3.endpoint}\n  forcePathStyle: true\n`);
    const cli = (args: readonly string[]) => runCli(args, { env: { NBBACKUP_STATE_DIR: state, NBBACKUP_CONFIG: rc, AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' } });
    const bucket = `s3://${s3.bucket}/nocobase`;
    const far = mkdtempSync(path.join(os.tmpdir(), 'nbtest-far-'));
    // Already at the far end: two older sets of this profile, one of another server's profile of the same name.
    const olderHere = backupFolder();
    const older = [await makeSet(olderHere, { install: 'rich', at: '2026-10-01T02:00:00Z', profile: 'offsite', ...mine() }), await makeSet(olderHere, { install: 'rich', at: '2026-10-02T02:00:00Z', profile: 'offsite', ...mine() })];
    const foreign = await makeSet(olderHere, { install: 'rich', at: '2026-10-01T05:00:00Z', profile: 'offsite', host: 'web2', installPath: rich.dir });
    for (const set of [...older, foreign]) expect((await cli(['copy', set, '--to', far, '--to', bucket])).exitCode).toBe(0);
    // Planted at the far end by someone else, with a manifest that claims to be this profile's and a date
    // between ours: retention neither counts nor removes a set this machine did not copy there.
    const planted = await makeSet(far, { install: 'rich', at: '2026-10-01T12:00:00Z', profile: 'offsite', ...mine() });
    const broken = path.join(path.dirname(far), `${path.basename(far)}-file`);
    writeFileSync(broken, 'a file where a folder should be');

    const saved = await cli(['profile', 'save', 'offsite', '--install', rich.dir, '--items', 'main,storage:uploads', '--out', out, '--keep-last', '1', '--copy-to', far, '--copy-to', bucket]);
    expect(saved.exitCode, String(saved.stderr)).toBe(0);
    const dry = await cli(['run', 'offsite', '--dry-run']);
    expect(String(dry.stdout)).toContain(`would copy the set to ${far}, then apply retention there`);

    const run = await cli(['run', 'offsite', '--json']);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const report = JSON.parse(String(run.stdout));
    const name = path.basename(report.set);
    const olderNames = older.map((s) => path.basename(s)).reverse();
    expect(report.copies).toEqual([
      { to: far, ok: true, pruned: olderNames },
      { to: bucket, ok: true, pruned: olderNames },
    ]);
    // In the bucket too: the new set, byte for byte, and the other server's set; nothing half-done.
    expect(await filesDifferingThere(s3, report.set, 'nocobase/')).toEqual([]);
    const listed = await s3TestClient(s3).send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'nocobase/', Delimiter: '/' }));
    expect((listed.CommonPrefixes ?? []).map((p) => p.Prefix).sort()).toEqual([`nocobase/${name}/`, `nocobase/${path.basename(foreign)}/`].sort());
    expect(await s3.uploadsInProgress()).toEqual([]);
    // Keep-last 1 at the far end too: the new set stays, the other server's set is not this run's to remove.
    expect(readdirSync(far).sort()).toEqual([name, path.basename(foreign), path.basename(planted)].sort());
    // Every file of the set, byte for byte (the run's own .profile marker stays home: the manifest names the profile).
    const setFiles = readdirSync(report.set).filter((f) => f !== '.profile').sort();
    expect(readdirSync(path.join(far, name)).sort()).toEqual(setFiles);
    for (const f of setFiles) expect(readFileSync(path.join(far, name, f)).equals(readFileSync(path.join(report.set, f))), f).toBe(true);
    expect(String(run.stderr)).toMatch(new RegExp(`copied to ${far}: .*verified there`));
    expect(JSON.parse(readFileSync(path.join(state, 'copies.json'), 'utf8')).records).toContainEqual(expect.objectContaining({ set: report.set, to: far, state: 'copied' }));

    // A destination that cannot take the set fails the run, and then nothing is pruned here.
    await cli(['profile', 'save', 'offsite', '--install', rich.dir, '--items', 'main,storage:uploads', '--out', out, '--keep-last', '1', '--copy-to', far, '--copy-to', broken]);
    const failing = await cli(['run', 'offsite', '--json']);
    expect(failing.exitCode).toBe(1);
    const failed = JSON.parse(String(failing.stdout));
    expect(failed.error).toMatch(new RegExp(`copy to ${broken} failed .*; nothing was pruned here`));
    expect(failed.copies[0]).toMatchObject({ to: far, ok: true });
    expect(readdirSync(out)).toHaveLength(2);
  });
});
