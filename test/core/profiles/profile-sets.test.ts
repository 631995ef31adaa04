import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRetention, profileSets, PruneIncomplete, pruneSets } from '../../../source/core/profiles/retention.js';
import { writeManifest, writeProfileMarker } from '../../../source/core/set/backup-set.js';
import type { Manifest, ManifestItem } from '../../../source/core/set/manifest.js';

// Real folders with the least a manifest needs to pass the schema: the profile's sets are told
// from others' by the manifest's `profile`, or by the marker a run writes before its manifest.

const backupFolder = () => mkdtempSync(path.join(os.tmpdir(), 'nbtest-profile-sets-'));

/** A set folder named as a run names it (`crm-20261201T020000Z`), with a manifest unless `interrupted`. */
async function makeSet(root: string, name: string, spec: { profile?: string; failed?: boolean; interrupted?: boolean; marker?: string }): Promise<string> {
  const dir = path.join(root, name);
  mkdirSync(dir, { mode: 0o700 });
  if (spec.marker !== undefined) await writeProfileMarker(dir, spec.marker);
  if (spec.interrupted) {
    writeFileSync(path.join(dir, 'main.pgdump.zst.partial'), 'half a dump', { mode: 0o600 });
    return dir;
  }
  const stamp = /-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(name)!;
  const createdAt = `${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:${stamp[6]}.000Z`;
  const items: ManifestItem[] = spec.failed ? [{ id: 'main', kind: 'database', engine: 'postgres', status: 'failed', error: 'pg_dump: connection refused' }] : [];
  const manifest: Manifest = {
    format: 'nbbackup-set',
    formatVersion: 1,
    tool: { name: 'nbbackup', version: '0.1.0' },
    createdAt,
    finishedAt: createdAt,
    ...(spec.profile === undefined ? {} : { profile: spec.profile }),
    source: { host: 'web1', installPath: '/srv/crm', installName: 'crm', layout: 'create-app' },
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

    const sets = await profileSets(root, 'nightly');
    expect(sets.map((s) => [path.basename(s.dir), s.createdAt.toISOString(), s.good])).toEqual([
      ['crm-20261126T020000Z-1', '2026-11-26T02:00:00.000Z', false],
      ['crm-20261129T020000Z', '2026-11-29T02:00:00.000Z', true],
      ['crm-20261201T020000Z', '2026-12-01T02:00:00.000Z', true],
      ['crm-20261202T020000Z', '2026-12-02T02:00:00.000Z', false],
      ['crm-20261203T140000Z', '2026-12-03T14:00:00.000Z', false],
    ]);

    const plan = planRetention(sets, { keepLast: 1 });
    expect(plan.prune.map((p) => path.basename(p.set.dir))).toEqual(['crm-20261129T020000Z', 'crm-20261126T020000Z-1']);
    const removed = await pruneSets(plan);
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
    expect(await profileSets(dir, 'nightly')).toEqual([]);
  });

  it('are pruned even when one of them is refused, and the error names what stayed', async () => {
    const root = backupFolder();
    const odd = await makeSet(root, 'crm-20261129T020000Z', { profile: 'nightly' });
    mkdirSync(path.join(odd, 'keep-me'));
    const old = await makeSet(root, 'crm-20261130T020000Z', { profile: 'nightly' });
    await makeSet(root, 'crm-20261201T020000Z', { profile: 'nightly' });
    const plan = planRetention(await profileSets(root, 'nightly'), { keepLast: 1 });
    const failure = await pruneSets(plan).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PruneIncomplete);
    expect((failure as PruneIncomplete).message).toMatch(/^1 old set was not pruned: crm-20261129T020000Z was not deleted: it holds keep-me/);
    expect((failure as PruneIncomplete).removed).toEqual([old]);
    expect(existsSync(path.join(odd, 'manifest.json'))).toBe(true);
    expect(existsSync(old)).toBe(false);
  });
});
