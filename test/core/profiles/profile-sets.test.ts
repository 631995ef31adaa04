import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRetention, profileSets, pruneSets, type SetOwner } from '../../../source/core/profiles/retention.js';
import { PROFILE_MARKER, writeManifest, writeProfileMarker } from '../../../source/core/set/backup-set.js';
import type { Manifest, ManifestItem } from '../../../source/core/set/manifest.js';

// Real folders with the least a manifest needs to pass the schema: the profile's sets are told
// from others' by the manifest's profile, host and install, or by the marker a run writes before its manifest.

/** After every set below: none is dated in the future. */
const NOW = new Date('2027-02-01T00:00:00Z');
const NIGHTLY: SetOwner = { profile: 'nightly', host: 'web1', installPath: '/srv/crm' };

const backupFolder = () => mkdtempSync(path.join(os.tmpdir(), 'nbtest-profile-sets-'));

/** A set folder named as a run names it (`crm-20261201T020000Z`), with a manifest unless `interrupted`. */
async function makeSet(root: string, name: string, spec: { profile?: string; failed?: boolean; interrupted?: boolean; marker?: string | SetOwner; host?: string; installPath?: string }): Promise<string> {
  const dir = path.join(root, name);
  mkdirSync(dir, { mode: 0o700 });
  if (spec.marker !== undefined) await writeProfileMarker(dir, typeof spec.marker === 'string' ? { ...NIGHTLY, profile: spec.marker } : spec.marker);
  if (spec.interrupted) {
    writeFileSync(path.join(dir, 'main.pgdump.zst.partial'), 'half a dump', { mode: 0o600 });
    return dir;
  }
  // A folder not named as a run names it (a hand-made copy) keeps its date in the manifest only.
  const stamp = /-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(name) ?? ['', '2026', '11', '01', '02', '00', '00'];
  const createdAt = `${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:${stamp[6]}.000Z`;
  const items: ManifestItem[] = spec.failed ? [{ id: 'main', kind: 'database', engine: 'postgres', status: 'failed', error: 'pg_dump: connection refused' }] : [];
  const manifest: Manifest = {
    format: 'nbbackup-set',
    formatVersion: 1,
    tool: { name: 'nbbackup', version: '0.1.0' },
    createdAt,
    finishedAt: createdAt,
    ...(spec.profile === undefined ? {} : { profile: spec.profile }),
    source: { host: spec.host ?? 'web1', installPath: spec.installPath ?? '/srv/crm', installName: 'crm', layout: 'create-app' },
    settings: {},
    items,
  };
  await writeManifest(dir, manifest);
  return dir;
}

describe("a profile's sets on disk", () => {
  it('are those its manifest or its marker names; pruning removes only the planned ones', async () => {
    const root = backupFolder();
    await makeSet(root, 'crm-20261126T020000Z-1', { interrupted: true, marker: 'nightly' });
    await makeSet(root, 'crm-20261127T020000Z', { interrupted: true });
    await makeSet(root, 'crm-20261128T020000Z', { interrupted: true, marker: 'weekly' });
    await makeSet(root, 'crm-20261129T020000Z', { profile: 'nightly', marker: 'nightly' });
    await makeSet(root, 'crm-20261130T020000Z', {});
    await makeSet(root, 'crm-20261201T020000Z', { profile: 'nightly' });
    await makeSet(root, 'crm-20261202T020000Z', { profile: 'nightly', failed: true });
    await makeSet(root, 'crm-20261203T020000Z', { profile: 'weekly' });
    await makeSet(root, 'crm-20261203T140000Z', { interrupted: true, marker: 'nightly' });
    // A marker naming the profile does not make a folder named otherwise a set.
    await makeSet(root, 'photos', { interrupted: true, marker: 'nightly' });
    // The marker must name the profile exactly.
    await makeSet(root, 'crm-20261125T020000Z', { interrupted: true, marker: 'nightly2' });

    const sets = await profileSets(root, NIGHTLY);
    expect(sets.map((s) => [path.basename(s.dir), s.createdAt.toISOString(), s.good])).toEqual([
      ['crm-20261126T020000Z-1', '2026-11-26T02:00:00.000Z', false],
      ['crm-20261129T020000Z', '2026-11-29T02:00:00.000Z', true],
      ['crm-20261201T020000Z', '2026-12-01T02:00:00.000Z', true],
      ['crm-20261202T020000Z', '2026-12-02T02:00:00.000Z', false],
      ['crm-20261203T140000Z', '2026-12-03T14:00:00.000Z', false],
    ]);

    const plan = planRetention(sets, { keepLast: 1 }, NOW);
    expect(plan.prune.map((p) => path.basename(p.set.dir))).toEqual(['crm-20261129T020000Z', 'crm-20261126T020000Z-1']);
    const { removed, refused } = await pruneSets(plan);
    expect(refused).toEqual([]);
    expect(removed.map((dir) => path.basename(dir))).toEqual(['crm-20261129T020000Z', 'crm-20261126T020000Z-1']);
    expect(readdirSync(root).sort()).toEqual([
      'crm-20261125T020000Z',
      'crm-20261127T020000Z',
      'crm-20261128T020000Z',
      'crm-20261130T020000Z',
      'crm-20261201T020000Z',
      'crm-20261202T020000Z',
      'crm-20261203T020000Z',
      'crm-20261203T140000Z',
      'photos',
    ]);
  });

  it('never include the backup folder itself when it is a set', async () => {
    const dir = await makeSet(backupFolder(), 'crm-20261201T020000Z', { profile: 'nightly' });
    expect(await profileSets(dir, NIGHTLY)).toEqual([]);
  });

  it('are pruned even when one of them is refused, which is reported and stays, without an error', async () => {
    const root = backupFolder();
    const odd = await makeSet(root, 'crm-20261129T020000Z', { profile: 'nightly' });
    mkdirSync(path.join(odd, 'keep-me'));
    const old = await makeSet(root, 'crm-20261130T020000Z', { profile: 'nightly' });
    await makeSet(root, 'crm-20261201T020000Z', { profile: 'nightly' });
    const plan = planRetention(await profileSets(root, NIGHTLY), { keepLast: 1 }, NOW);
    const result = await pruneSets(plan);
    expect(result.removed).toEqual([old]);
    expect(result.refused).toEqual([{ dir: odd, reason: expect.stringMatching(/^crm-20261129T020000Z was not deleted: it holds keep-me/) }]);
    expect(existsSync(path.join(odd, 'manifest.json'))).toBe(true);
    expect(existsSync(old)).toBe(false);
  });

  it('are only those of the same profile of the same install on the same host: servers sharing one folder never prune each other', async () => {
    const root = backupFolder();
    // web1 and web2 both run a profile "nightly" into one NFS share; web1 also runs it for a second install.
    await makeSet(root, 'crm-20261129T020000Z', { profile: 'nightly', host: 'web2' });
    await makeSet(root, 'crm-20261130T020000Z', { profile: 'nightly', installPath: '/srv/shop' });
    await makeSet(root, 'crm-20261201T020000Z', { profile: 'nightly' });
    await makeSet(root, 'crm-20261202T020000Z', { profile: 'nightly' });
    await makeSet(root, 'crm-20261203T020000Z', { profile: 'nightly', host: 'web2' });
    // Interrupted runs: told apart by every field of the marker.
    await makeSet(root, 'crm-20261128T020000Z', { interrupted: true, marker: { ...NIGHTLY, host: 'web2' } });
    await makeSet(root, 'crm-20261127T020000Z', { interrupted: true, marker: { ...NIGHTLY, installPath: '/srv/shop' } });
    await makeSet(root, 'crm-20261126T020000Z', { interrupted: true, marker: NIGHTLY });
    const sets = await profileSets(root, NIGHTLY);
    expect(sets.map((s) => path.basename(s.dir))).toEqual(['crm-20261126T020000Z', 'crm-20261201T020000Z', 'crm-20261202T020000Z']);
    const { removed } = await pruneSets(planRetention(sets, { keepLast: 1 }, NOW));
    expect(removed.map((dir) => path.basename(dir))).toEqual(['crm-20261201T020000Z', 'crm-20261126T020000Z']);
    expect(readdirSync(root).sort()).toEqual(['crm-20261127T020000Z', 'crm-20261128T020000Z', 'crm-20261129T020000Z', 'crm-20261130T020000Z', 'crm-20261202T020000Z', 'crm-20261203T020000Z']);
    expect(await profileSets(root, { ...NIGHTLY, host: 'web2' })).toHaveLength(3);
  });

  it('have a marker saying profile, host and install as JSON, 0600, made once; one unreadable or not a plain file is not ours', async () => {
    const root = backupFolder();
    const dir = await makeSet(root, 'crm-20261126T020000Z', { interrupted: true, marker: NIGHTLY });
    const marker = path.join(dir, PROFILE_MARKER);
    expect(JSON.parse(readFileSync(marker, 'utf8'))).toEqual({ profile: 'nightly', host: 'web1', installPath: '/srv/crm' });
    expect(statSync(marker).mode & 0o777).toBe(0o600);
    await expect(writeProfileMarker(dir, NIGHTLY)).rejects.toMatchObject({ code: 'EEXIST' });
    for (const [name, text] of [['crm-20261127T020000Z', 'nightly'], ['crm-20261128T020000Z', '{"profile":"nightly"'], ['crm-20261129T020000Z', 'null'], ['crm-20261130T020000Z', `${JSON.stringify(NIGHTLY)}${' '.repeat(5000)}`]]) {
      const other = await makeSet(root, name, { interrupted: true });
      writeFileSync(path.join(other, PROFILE_MARKER), text);
    }
    const linked = await makeSet(root, 'crm-20261201T020000Z', { interrupted: true });
    symlinkSync(marker, path.join(linked, PROFILE_MARKER));
    expect((await profileSets(root, NIGHTLY)).map((s) => path.basename(s.dir))).toEqual(['crm-20261126T020000Z']);
  });

  it('are only folders named like sets, manifest or not: a hand-made copy of a set is never a candidate', async () => {
    const root = backupFolder();
    const copy = await makeSet(root, 'keep-before-upgrade', { profile: 'nightly' });
    await makeSet(root, 'crm-20261201T020000Z-copy', { profile: 'nightly' });
    await makeSet(root, 'crm-20261202T020000Z', { profile: 'nightly' });
    await makeSet(root, 'crm-20261203T020000Z', { profile: 'nightly' });
    const sets = await profileSets(root, NIGHTLY);
    expect(sets.map((s) => path.basename(s.dir))).toEqual(['crm-20261202T020000Z', 'crm-20261203T020000Z']);
    expect((await pruneSets(planRetention(sets, { keepLast: 1 }, NOW))).removed.map((d) => path.basename(d))).toEqual(['crm-20261202T020000Z']);
    // A plan made by hand that names it is refused all the same.
    const forced = await pruneSets({ keep: [], prune: [{ set: { dir: copy, createdAt: new Date('2026-11-01T00:00:00Z'), good: true }, reason: 'kept by no rule' }] });
    expect(forced).toEqual({ removed: [], refused: [{ dir: copy, reason: 'keep-before-upgrade was not deleted: it is not named like a backup set' }] });
    expect(existsSync(path.join(copy, 'manifest.json'))).toBe(true);
  });
});
