import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copySet } from '../../../source/core/copy/copy-set.js';
import { parseDestination } from '../../../source/core/copy/parse-destination.js';
import { sshDestination } from '../../../source/core/copy/ssh-destination.js';
import { NbError } from '../../../source/core/errors.js';
import { hashFile, setName, writeManifest } from '../../../source/core/set/backup-set.js';
import type { Manifest } from '../../../source/core/set/manifest.js';
import { backupFolder, makeSet } from '../../support/made-sets.js';
import { processesMentioning, treePids } from '../../support/processes.js';
import { startSshd, type SshdServer } from '../../support/sshd-server.js';
import { waitFor } from '../../support/wait-for.js';

const AT = '2026-11-24T10:15:00.000Z';
const BIG_FILE = 'storage--big.tar';
const BIG_BYTES = 30 * 1024 * 1024;
const signal = new AbortController().signal;

let server: SshdServer;
beforeAll(async () => {
  server = await startSshd();
});
/** Every temp folder a test made: removed at the end (the big set takes 30 MB on each side). */
const made: string[] = [];
const tracked = (dir: string) => (made.push(dir), dir);
afterAll(async () => {
  await server?.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A far folder (on this machine, reached over ssh) whose name holds a space and a quote. */
function farFolder(): string {
  return tracked(mkdtempSync(path.join(os.tmpdir(), "nbtest-ssh far 'q'-")));
}

function destination(farDir: string, sshCommand = server.sshCommand) {
  const spec = parseDestination(`127.0.0.1:${farDir}`);
  if (spec.kind !== 'ssh') throw new Error(`not an ssh destination: ${spec.kind}`);
  return sshDestination(spec, sshCommand);
}

/** Each file of a folder: its sha256 and mode; and the folder's own mode. */
function contents(dir: string) {
  const files = Object.fromEntries(readdirSync(dir).sort().map((name) => {
    const file = path.join(dir, name);
    return [name, { sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), mode: lstatSync(file).mode & 0o7777 }];
  }));
  return { mode: statSync(dir).mode & 0o777, files };
}

/** A set whose one file is ~30 MB of random bytes: long enough to cut mid-way. */
async function makeBigSet(root: string): Promise<string> {
  const at = new Date(AT);
  const dir = path.join(root, setName('big', at));
  mkdirSync(dir, { mode: 0o700 });
  writeFileSync(path.join(dir, BIG_FILE), randomBytes(BIG_BYTES), { mode: 0o600 });
  const { sha256, bytes } = await hashFile(path.join(dir, BIG_FILE));
  const manifest: Manifest = {
    format: 'nbbackup-set',
    formatVersion: 1,
    tool: { name: 'nbbackup', version: '0.1.0' },
    createdAt: at.toISOString(),
    finishedAt: new Date(at.getTime() + 62_000).toISOString(),
    source: { host: 'db-host-1', installPath: '/srv/big', installName: 'big', layout: 'create-app' },
    settings: {},
    items: [{ id: 'storage:big', kind: 'files', label: 'storage/big', status: 'ok', storagePath: 'big', tool: 'tar', format: 'tar', compression: 'none', file: BIG_FILE, bytes, sha256 }],
  };
  await writeManifest(dir, manifest);
  return dir;
}

/** The far sshd has ended every session: what a cut link left there is final. */
async function farSessionsGone(): Promise<void> {
  await waitFor(() => treePids(server.pid).length === 1, { what: 'the sshd sessions to end', lastSeen: () => treePids(server.pid).join(' ') });
}

/** The error a promise rejects with, checked to be one NbError line with a hint. */
async function oneLineError(promise: Promise<unknown>): Promise<NbError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(NbError);
  const { message, hint } = error as NbError;
  expect(message).not.toMatch(/\n/);
  expect(hint ?? '').not.toMatch(/\n/);
  return error as NbError;
}

describe('the SSH destination of nbbackup copy (real OpenSSH)', () => {
  it('copies a set into a far folder whose path holds a space and a quote: identical bytes, 0600/0700, listed complete', async () => {
    const set = await makeSet(tracked(backupFolder()), { install: 'crm', at: AT });
    const far = path.join(farFolder(), 'off site');
    const dest = destination(far);
    const result = await copySet(set, dest, signal);
    expect(result.alreadyThere).toBe(false);
    expect(result.sent).toBe(result.bytes);
    const name = path.basename(set);
    expect(readdirSync(far)).toEqual([name]);
    expect(statSync(far).mode & 0o777).toBe(0o700);
    const local = contents(set);
    expect(contents(path.join(far, name))).toEqual({ mode: 0o700, files: Object.fromEntries(Object.entries(local.files).map(([n, f]) => [n, { ...f, mode: 0o600 }])) });
    const listed = await dest.listSets(signal);
    expect(listed).toEqual([{ name, manifest: expect.objectContaining({ format: 'nbbackup-set' }), manifestSha256: local.files['manifest.json'].sha256 }]);

    // The same set again: nothing is sent.
    const again = await copySet(set, dest, signal);
    expect(again).toMatchObject({ alreadyThere: true, sent: 0 });
  });

  it('goes on from what a cut connection left, and leaves no ssh process of ours behind', async () => {
    const set = await makeBigSet(tracked(backupFolder()));
    const far = farFolder();
    const dest = destination(far);
    const name = path.basename(set);
    const farFile = path.join(far, `.${name}.partial`, BIG_FILE);
    const controller = new AbortController();
    let seenThere = 0;
    const first = copySet(set, dest, controller.signal, (event) => {
      if (event.type !== 'progress' || controller.signal.aborted) return;
      // Cut once the far file holds some bytes but not all: checked as each chunk leaves.
      const size = statSync(farFile, { throwIfNoEntry: false })?.size ?? 0;
      if (size > 0 && size < BIG_BYTES) {
        seenThere = size;
        controller.abort();
      }
    });
    expect((await oneLineError(first)).code).toBe('interrupted');
    expect(seenThere).toBeGreaterThan(0);
    expect(processesMentioning(server.sshCommand[2])).toEqual([]);
    expect(existsSync(path.join(far, name))).toBe(false);
    await farSessionsGone();
    const kept = statSync(farFile).size;
    expect(kept).toBeGreaterThanOrEqual(seenThere);
    expect(kept).toBeLessThan(BIG_BYTES);

    const second = await copySet(set, dest, signal);
    expect(second.files.find((f) => f.name === BIG_FILE)?.resumedFrom).toBe(kept);
    expect(second.sent).toBe(second.bytes - kept);
    expect(contents(path.join(far, name)).files).toEqual(contents(set).files);
    expect(readdirSync(far)).toEqual([name]);
  });

  it('sends a file again from the start when the far partial copy has the right size but wrong bytes', async () => {
    const set = await makeSet(tracked(backupFolder()), { install: 'crm', at: AT });
    const far = farFolder();
    const name = path.basename(set);
    const file = 'storage--uploads.tar';
    const partial = path.join(far, `.${name}.partial`);
    mkdirSync(partial, { mode: 0o700 });
    writeFileSync(path.join(partial, file), randomBytes(statSync(path.join(set, file)).size), { mode: 0o600 });
    const result = await copySet(set, destination(far), signal);
    expect(result.files.find((f) => f.name === file)?.resumedFrom).toBe(0);
    expect(contents(path.join(far, name)).files).toEqual(contents(set).files);
  });

  it('says in one line why ssh could not get in: unknown or changed host key, refused key, refused connection, a file in the way, missing sha256sum', async () => {
    const far = farFolder();
    const unknown = await oneLineError(destination(far, server.variant({ unknownHost: true })).listSets(signal));
    expect(unknown.message).toMatch(/host key of \[127\.0\.0\.1\]:\d+ is not known/);
    expect(unknown.hint).toMatch(/known_hosts/);
    expect(unknown.hint).toMatch(/ssh-keyscan/);

    const changed = await oneLineError(destination(far, server.variant({ changedHost: true })).listSets(signal));
    expect(changed.message).toMatch(/host key of \[127\.0\.0\.1\]:\d+ has changed/);
    expect(changed.hint).toMatch(/ssh-keygen -R/);

    const refused = await oneLineError(destination(far, server.variant({ foreignKey: true })).listSets(signal));
    expect(refused.message).toMatch(/refused our login \(permission denied\)/);
    expect(refused.hint).toMatch(/authorized_keys/);

    const closed = parseDestination(`ssh://127.0.0.1:${inject('closedPort')}/${far}`);
    if (closed.kind !== 'ssh') throw new Error('not ssh');
    expect((await oneLineError(sshDestination(closed, server.sshCommand).listSets(signal))).message).toMatch(/refused the connection/);

    const set = await makeSet(tracked(backupFolder()), { install: 'crm', at: AT });
    writeFileSync(path.join(far, 'a file'), '');
    const blocked = await oneLineError(copySet(set, destination(path.join(far, 'a file', 'sets')), signal));
    expect(blocked.message).toMatch(/is not a folder: a file is in the way/);

    const noHash = await oneLineError(copySet(set, destination(far, server.variant({ noSha256sum: true })), signal));
    expect(noHash.message).toMatch(/has no sha256sum/);
    expect(existsSync(path.join(far, path.basename(set)))).toBe(false);
  });

  it('removes a set there, and refuses one holding a link or a link in its place', async () => {
    const far = farFolder();
    const dest = destination(far);
    const set = await makeSet(tracked(backupFolder()), { install: 'crm', at: AT });
    await copySet(set, dest, signal);
    await dest.removeSet(path.basename(set), signal);
    expect(readdirSync(far)).toEqual([]);
    expect(await dest.listSets(signal)).toEqual([]);

    const outside = path.join(farFolder(), 'precious.txt');
    writeFileSync(outside, 'keep me');
    const linked = path.join(far, setName('crm', new Date('2026-11-25T08:00:00.000Z')));
    mkdirSync(linked, { mode: 0o700 });
    writeFileSync(path.join(linked, 'manifest.json'), '{}');
    symlinkSync(outside, path.join(linked, 'storage--uploads.tar'));
    expect((await oneLineError(dest.removeSet(path.basename(linked), signal))).message).toMatch(/was not deleted: it holds a link/);
    const asLink = path.join(far, setName('crm', new Date('2026-11-26T08:00:00.000Z')));
    symlinkSync(linked, asLink);
    expect((await oneLineError(dest.removeSet(path.basename(asLink), signal))).message).toMatch(/was not deleted: it is a link/);
    expect(readdirSync(linked).sort()).toEqual(['manifest.json', 'storage--uploads.tar']);
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
    // Listed as sets only when they are real folders; neither holds a manifest that passes the schema.
    expect(await dest.listSets(signal)).toEqual([{ name: path.basename(linked), occupied: true }]);
  });

  it('runs nothing that shell metacharacters in the destination path or a set name spell', async () => {
    const markers = tracked(mkdtempSync(path.join(os.tmpdir(), 'nbtest-pwned-')));
    const marker = (n: number) => path.join(markers, `pwned${n}`);
    const hostile = `$(touch ${marker(1)});touch ${marker(2)};\`touch ${marker(3)}\`|touch ${marker(4)}&'"\\$HOME*`;
    const far = path.join(farFolder(), hostile);
    const dest = destination(far);
    const set = await makeSet(tracked(backupFolder()), { install: 'crm', at: AT });
    await copySet(set, dest, signal);
    const name = path.basename(set);
    expect(contents(path.join(far, name)).files).toEqual(Object.fromEntries(Object.entries(contents(set).files).map(([n, f]) => [n, { ...f, mode: 0o600 }])));
    expect((await dest.listSets(signal)).map((s) => s.name)).toEqual([name]);
    await expect(dest.removeSet(`$(touch ${marker(5)})-20261124T101500Z`, signal)).rejects.toThrow(/not named like a backup set/);
    await dest.removeSet(name, signal);
    expect(existsSync(path.join(far, name))).toBe(false);
    expect(readdirSync(markers)).toEqual([]);
  });
});
