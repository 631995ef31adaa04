import { describe, expect, it } from 'vitest';
import { tickAll, toggleTick, untickedWhy } from '../../source/core/inventory/storage-ticks.js';
import { throttled } from '../../source/core/stream/progress-ticker.js';

describe('the whole storage folder or its parts', () => {
  it('ticking the whole folder unticks every part, ticking a part unticks the whole', () => {
    const whole = toggleTick(new Set(['main', 'storage:uploads', 'storage:apps']), 'storage');
    expect([...whole.ticked]).toEqual(['main', 'storage']);
    expect(whole.unticked).toEqual(['storage:uploads', 'storage:apps']);
    expect(untickedWhy('storage', whole.unticked)).toBe('Unticked storage:uploads, storage:apps: the whole storage folder holds them.');
    const part = toggleTick(whole.ticked, 'storage:uploads');
    expect([...part.ticked]).toEqual(['main', 'storage:uploads']);
    expect(part.unticked).toEqual(['storage']);
    expect(toggleTick(part.ticked, 'main')).toEqual({ ticked: new Set(['storage:uploads']), unticked: [] });
  });

  it('all keeps the storage form ticked now', () => {
    const ids = ['main', 'storage', 'storage:uploads', 'storage:apps'];
    expect([...tickAll(ids, new Set())]).toEqual(['main', 'storage:uploads', 'storage:apps']);
    expect([...tickAll(ids, new Set(['storage']))]).toEqual(['main', 'storage']);
    expect([...tickAll(['main', 'storage'], new Set())]).toEqual(['main', 'storage']);
  });
});

describe('progress throttle', () => {
  it('lets one value through per 100 ms and flushes the last held one', () => {
    const seen: number[] = [];
    const t = throttled((n: number) => seen.push(n));
    for (let i = 1; i <= 50; i++) t.push(i);
    expect(seen).toEqual([1]);
    t.flush();
    expect(seen).toEqual([1, 50]);
  });
});
