import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { locateInstall } from '../../source/core/discover/locate-install.js';
import { ToolFinder } from '../../source/core/process/tool-finder.js';
import { executeRestore, prepareRestore, replanRestore, type RestoreEvent } from '../../source/core/restore/restore-runner.js';
import { buildRichInstall, richState, type RichInstall } from '../support/fixtures.js';
import { backUpInto } from '../support/run-cli.js';

const pg = inject('pg');
const maria = inject('maria');
const made: RichInstall[] = [];
let a: RichInstall;
let set: string;

const state = (install: RichInstall) => richState(pg, maria, install);

beforeAll(async () => {
  a = await buildRichInstall(pg, maria, '', '', { schemaApp: 'sub_app' });
  made.push(a);
  set = await backUpInto(a.dir, 'all');
});
afterAll(async () => {
  for (const i of made) await i.cleanup();
});

describe('restoring the ticked items only', () => {
  it('touches only the ticked items, and reports progress of the safety copy and of each step at most ten times a second', async () => {
    const b = await buildRichInstall(pg, maria, 'create table only_in_b (id int);', 'create table only_in_b (id int);', { schemaApp: 'sub_app' });
    made.push(b);
    const tools = new ToolFinder();
    const all = await prepareRestore(set, await locateInstall(b.dir, {}), undefined, tools);
    expect(all.plan.items.map((i) => i.entry.id)).toContain('main');
    // The interactive tool's path: the same prepared set and target, planned and checked again for the ticks.
    const prepared = await replanRestore(all, ['storage:uploads'], tools);
    expect(prepared.plan.items.map((i) => i.entry.id)).toEqual(['storage:uploads']);
    expect(prepared.plan.keys).toBeUndefined();
    expect(prepared.checks.filter((c) => !c.ok)).toEqual([]);
    expect(prepared.checks.some((c) => c.id === 'reachable:main')).toBe(false);

    const [before, source] = [await state(b), await state(a)];
    const events: (RestoreEvent & { at: number })[] = [];
    const safetyDir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-subset-safety-'));
    const outcome = await executeRestore(prepared, { snapshot: true, upgrade: false, safetyDir, tools, onEvent: (e) => events.push({ ...e, at: Date.now() }) });
    expect(outcome.result, outcome.reason).toBe('restored');
    expect(outcome.steps.map((s) => s.id)).toEqual(['storage:uploads']);

    const after = await state(b);
    expect(after.uploads).toEqual(source.uploads);
    expect(after.pg).toEqual(before.pg);
    expect(after.maria).toEqual(before.maria);
    expect(after.keys).toBe(before.keys);
    // The safety copy holds what was overwritten, and nothing else.
    const safety = JSON.parse(readFileSync(path.join(outcome.safetySet ?? '', 'manifest.json'), 'utf8'));
    expect(safety.items.filter((i: { kind: string }) => i.kind !== 'keys').map((i: { id: string }) => i.id)).toEqual(['storage:uploads']);

    const progress = (id: string) => events.filter((e): e is Extract<RestoreEvent, { type: 'progress' }> & { at: number } => e.type === 'progress' && e.id === id);
    const entry = prepared.plan.items[0].entry;
    const step = progress('storage:uploads');
    expect(step.length).toBeGreaterThan(0);
    // Bytes of the set file fed to tar, ending at the whole file.
    expect(step.at(-1)).toMatchObject({ bytes: entry.bytes, total: entry.bytes });
    expect(progress('safety').length).toBeGreaterThan(0);
    expect(progress('safety').at(-1)?.bytes).toBeGreaterThan(0);
    for (const id of ['safety', 'storage:uploads']) {
      const list = progress(id);
      const span = list.length > 1 ? list[list.length - 1].at - list[0].at : 0;
      // The final sample may follow the last tick at once; the rest are at least ~100 ms apart.
      expect(list.length).toBeLessThanOrEqual(Math.floor(span / 90) + 2);
    }
    // Progress comes between the step's start and its end.
    const started = events.findIndex((e) => e.type === 'step' && e.id === 'storage:uploads' && e.phase === 'start');
    const done = events.findIndex((e) => e.type === 'step' && e.id === 'storage:uploads' && e.phase === 'done');
    expect(events.findIndex((e) => e.type === 'progress' && e.id === 'storage:uploads')).toBeGreaterThan(started);
    expect(done).toBeGreaterThan(started);
  });

  it('a failed check of an item left out no longer blocks once the checks are made again', async () => {
    const b = await buildRichInstall(pg, maria, '', '', { schemaApp: 'sub_app' });
    made.push(b);
    const tools = new ToolFinder();
    const prepared = await prepareRestore(set, await locateInstall(b.dir, {}), undefined, tools);
    // The shop database as the target would show it if its server were down.
    const inventory = { ...prepared.inventory, items: prepared.inventory.items.map((i) => (i.id === 'external:shop' ? { ...i, status: 'unreachable' as const, reason: 'connection refused' } : i)) };
    const down = await replanRestore({ ...prepared, inventory }, prepared.plan.items.map((i) => i.entry.id), tools);
    const failed = down.checks.filter((c) => !c.ok);
    expect(failed.map((c) => c.id)).toEqual(['reachable:external:shop']);
    expect(failed[0].items).toEqual(['external:shop']);
    const without = await replanRestore({ ...prepared, inventory }, prepared.plan.items.map((i) => i.entry.id).filter((id) => !failed[0].items?.includes(id)), tools);
    expect(without.checks.filter((c) => !c.ok)).toEqual([]);
    expect(without.plan.items.map((i) => i.entry.id)).not.toContain('external:shop');
  });
});
