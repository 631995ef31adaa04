import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deleteSet } from '../../../source/core/set/delete-set.js';
import { backupFolder, makeSet } from '../../support/made-sets.js';

const AT = '2026-11-24T10:15:00.000Z';

describe('deleting a backup set', () => {
  it('removes a set with its manifest (folder 0700, files 0600) and leaves the set beside it', async () => {
    const root = backupFolder();
    const gone = await makeSet(root, { install: 'crm', at: AT });
    const kept = await makeSet(root, { install: 'crm', at: '2026-11-25T08:00:00.000Z' });
    await deleteSet(root, gone);
    expect(existsSync(gone)).toBe(false);
    expect(readdirSync(kept).sort()).toEqual(['manifest.json', 'storage--uploads.tar']);
  });

  it('removes an interrupted set: no manifest, only what a run writes, its scratch folder too', async () => {
    const root = backupFolder();
    const dir = await makeSet(root, { install: 'crm', at: AT, interrupted: true });
    writeFileSync(path.join(dir, 'main.pgdump.zst'), 'a whole dump');
    mkdirSync(path.join(dir, '.work', 'main.pgdir'), { recursive: true });
    await deleteSet(root, dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a link to a set, and leaves both the link and the set it points to', async () => {
    const root = backupFolder();
    const elsewhere = backupFolder();
    const real = await makeSet(elsewhere, { install: 'crm', at: AT });
    const link = path.join(root, path.basename(real));
    symlinkSync(real, link);
    await expect(deleteSet(root, link)).rejects.toThrow(/was not deleted: it is a link/);
    expect(existsSync(path.join(real, 'manifest.json'))).toBe(true);
    expect(existsSync(link)).toBe(true);
  });

  it('refuses a set outside the backup folder, deeper inside it, or the backup folder itself', async () => {
    const root = backupFolder();
    const outside = await makeSet(backupFolder(), { install: 'crm', at: AT });
    await expect(deleteSet(root, outside)).rejects.toThrow(/not directly inside the backup folder/);
    await expect(deleteSet(root, path.join(root, '..', path.basename(outside)))).rejects.toThrow(/not directly inside/);
    mkdirSync(path.join(root, 'old'));
    const deeper = await makeSet(path.join(root, 'old'), { install: 'crm', at: AT });
    await expect(deleteSet(root, deeper)).rejects.toThrow(/not directly inside/);
    await expect(deleteSet(root, root)).rejects.toThrow(/not directly inside/);
    expect([outside, deeper].every((d) => existsSync(path.join(d, 'manifest.json')))).toBe(true);
  });

  it('refuses folders that are not sets, and deletes nothing of them', async () => {
    const root = backupFolder();
    const photos = path.join(root, 'photos');
    mkdirSync(photos);
    writeFileSync(path.join(photos, 'a.jpg'), 'jpeg');
    await expect(deleteSet(root, photos)).rejects.toThrow(/no manifest\.json and is not named like a backup set/);
    // Named like a set, but holding what no backup run writes.
    const lookalike = await makeSet(root, { install: 'crm', at: AT, interrupted: true });
    writeFileSync(path.join(lookalike, 'notes.txt'), 'mine');
    await expect(deleteSet(root, lookalike)).rejects.toThrow(/holds notes\.txt, which a backup run does not write/);
    // A manifest does not make a folder of other things a set.
    const mixed = await makeSet(root, { install: 'erp', at: AT });
    mkdirSync(path.join(mixed, 'keep-me'));
    await expect(deleteSet(root, mixed)).rejects.toThrow(/holds keep-me, which is not a plain file/);
    expect(readdirSync(photos)).toEqual(['a.jpg']);
    expect(readdirSync(lookalike).sort()).toEqual(['main.pgdump.zst.partial', 'notes.txt']);
    expect(existsSync(path.join(mixed, 'manifest.json'))).toBe(true);
  });

  it('never follows a link inside a set, and never a name the manifest gives', async () => {
    const root = backupFolder();
    const victim = path.join(backupFolder(), 'victim.txt');
    writeFileSync(victim, 'precious');
    const dir = await makeSet(root, { install: 'crm', at: AT });
    symlinkSync(victim, path.join(dir, 'storage--logs.tar'));
    await expect(deleteSet(root, dir)).rejects.toThrow(/holds storage--logs\.tar, which is a link/);
    // A hostile manifest naming files outside: the listing decides what goes, so only the set does.
    const hostile = path.join(root, 'evil-20261124T101500Z');
    mkdirSync(hostile, { mode: 0o700 });
    writeFileSync(path.join(hostile, 'manifest.json'), JSON.stringify({ items: [{ file: victim }, { file: '../../victim.txt' }] }), { mode: 0o600 });
    await deleteSet(root, hostile);
    expect(existsSync(hostile)).toBe(false);
    expect(existsSync(victim)).toBe(true);
  });
});
