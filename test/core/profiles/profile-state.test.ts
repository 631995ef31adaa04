import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRunLog, readProfileRun, writeProfileRun } from '../../../source/core/profiles/profile-state.js';
import { profileDir } from '../../../source/core/settings/profile-store.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'nbtest-state-'));
  process.env.NBBACKUP_STATE_DIR = path.join(root, 'state');
});

const run = { startedAt: '2026-12-02T02:00:00.000Z', finishedAt: '2026-12-02T02:00:09.000Z', result: 'success' as const, set: '/b/x', bytes: 41, detail: '2 items, verified' };

describe("a profile's run log and last result", () => {
  it('are written in its own folder, 0600, and read back', async () => {
    await writeProfileRun('nightly', run);
    expect(readProfileRun('nightly')).toEqual(run);
    const log = await openRunLog('nightly');
    await log.write('first\nsecond');
    const text = readFileSync(log.file, 'utf8');
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z first\n\S+ second\n$/);
  });

  it('never write through a link someone left at their names', async () => {
    const dir = profileDir('linked');
    mkdirSync(dir, { recursive: true });
    const victims = [path.join(root, 'victim-log'), path.join(root, 'victim-partial')];
    for (const v of victims) writeFileSync(v, 'precious\n');
    symlinkSync(victims[0], path.join(dir, 'run.log'));
    symlinkSync(victims[1], path.join(dir, 'last-run.json.partial'));
    const log = await openRunLog('linked');
    await log.write('a line');
    await writeProfileRun('linked', run);
    for (const v of victims) expect(readFileSync(v, 'utf8')).toBe('precious\n');
    expect(readProfileRun('linked')).toEqual(run);
  });
});
