import { describe, expect, it } from 'vitest';
import { hasRetention, planRetention, type RetainedSet, type RetentionPlan, type RetentionPolicy } from '../../../source/core/profiles/retention.js';

// Dates are made in local time (new Date(y, m, d, h)): days, weeks and months are local, as in borg,
// so the expectations hold in any time zone the tests run in.

/** `crm-1203-14`: the set made on 3 December at 14:00 local time. */
function set(month: number, day: number, hour: number, good = true): RetainedSet {
  const name = `crm-${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}-${String(hour).padStart(2, '0')}`;
  return { dir: `/backups/${name}`, createdAt: new Date(2026, month - 1, day, hour), good };
}

/** Well after every set below: none of them is dated in the future. */
const NOW = new Date(2027, 1, 1);
const planAt = (sets: readonly RetainedSet[], policy: RetentionPolicy) => planRetention(sets, policy, NOW);

const kept = (plan: RetentionPlan) => Object.fromEntries(plan.keep.map((k) => [k.set.dir.replace('/backups/', ''), k.reasons.join(', ')]));
const pruned = (plan: RetentionPlan) => plan.prune.map((p) => p.set.dir.replace('/backups/', ''));

describe('planning which sets a profile keeps', () => {
  it('keeps what borg prune keeps over 45 days of two runs a day, some failed, some days missed', () => {
    // 20 Oct (Tue) to 3 Dec (Thu) 2026, at 02:00 and 14:00. Nothing on 8 Nov (Sun) and 28 Nov (Sat).
    // Incomplete: 3 Dec 14:00, 2 Dec 14:00, 30 Nov 14:00, 22 Nov 14:00 (Sun), 31 Oct 14:00.
    const incomplete = ['crm-1203-14', 'crm-1202-14', 'crm-1130-14', 'crm-1122-14', 'crm-1031-14'];
    const sets: RetainedSet[] = [];
    for (let at = new Date(2026, 9, 20); at <= new Date(2026, 11, 3); at.setDate(at.getDate() + 1)) {
      if ((at.getMonth() === 10 && at.getDate() === 8) || (at.getMonth() === 10 && at.getDate() === 28)) continue;
      for (const hour of [2, 14]) {
        const made = set(at.getMonth() + 1, at.getDate(), hour);
        sets.push({ ...made, good: !incomplete.includes(made.dir.replace('/backups/', '')) });
      }
    }
    expect(sets).toHaveLength(86);
    // Shuffled input: the plan sorts by itself.
    const plan = planAt([...sets.slice(40), ...sets.slice(0, 40)].reverse(), { keepLast: 3, keepDaily: 7, keepWeekly: 4, keepMonthly: 2 });
    expect(kept(plan)).toEqual({
      // Newer than the newest good set: may hold the only recent copy of what it did finish.
      'crm-1203-14': 'incomplete, newer than the last good set',
      'crm-1203-02': 'last 1',
      'crm-1202-02': 'last 2',
      'crm-1201-14': 'last 3',
      // 3 Dec, 2 Dec and 1 Dec are already kept by keep-last: like borg, they do not count as days.
      'crm-1130-02': 'daily 1', // 30 Nov 14:00 is incomplete
      'crm-1129-14': 'daily 2',
      // 28 Nov missed.
      'crm-1127-14': 'daily 3',
      'crm-1126-14': 'daily 4',
      'crm-1125-14': 'daily 5',
      'crm-1124-14': 'daily 6',
      'crm-1123-14': 'daily 7',
      // Weeks Mon 30 Nov-Sun 6 Dec and Mon 23-Sun 29 Nov are already kept (3 Dec, 29 Nov Sunday).
      'crm-1122-02': 'weekly 1', // Sun 22 Nov: its 14:00 is incomplete
      'crm-1115-14': 'weekly 2', // Sun 15 Nov
      'crm-1107-14': 'weekly 3', // week 2-8 Nov: Sunday 8 Nov missed, so Saturday
      'crm-1101-14': 'weekly 4', // Sun 1 Nov closes the week that began Mon 26 Oct
      // December and November are already kept (3 Dec, 30 Nov).
      'crm-1031-02': 'monthly 1', // its 14:00 is incomplete
      // Only one more month to count: like borg, the oldest set stands in for the months not there.
      'crm-1020-02': 'monthly 2 (oldest)',
    });
    expect(plan.keep.length + plan.prune.length).toBe(86);
    expect(plan.prune.find((p) => p.set.dir.endsWith('crm-1202-14'))?.reason).toBe('incomplete; a newer good set exists');
    expect(plan.prune.find((p) => p.set.dir.endsWith('crm-1201-02'))?.reason).toBe('kept by no rule');
    // Newest first, both lists.
    expect(pruned(plan).slice(0, 3)).toEqual(['crm-1202-14', 'crm-1201-02', 'crm-1130-14']);
    expect(pruned(plan).at(-1)).toBe('crm-1020-14');
  });

  it('reads a keep-* of 0 as that rule being off, as borg does: it keeps nothing by itself', () => {
    const sets = [set(12, 1, 2), set(12, 2, 2), set(11, 30, 2, false), set(11, 29, 2)];
    expect(planAt(sets, { keepDaily: 0, keepLast: 1 })).toEqual(planAt(sets, { keepLast: 1 }));
    expect(kept(planAt(sets, { keepMonthly: 0, keepLast: 1 }))).toEqual({ 'crm-1202-02': 'last 1' });
  });

  it('keeps a single good set and prunes the incomplete ones before it', () => {
    const plan = planAt([set(12, 1, 2, false), set(12, 2, 2), set(11, 30, 2, false)], { keepLast: 1 });
    expect(kept(plan)).toEqual({ 'crm-1202-02': 'last 1' });
    expect(plan.prune.map((p) => p.reason)).toEqual(['incomplete; a newer good set exists', 'incomplete; a newer good set exists']);
  });

  it('prunes nothing while no set is good', () => {
    const plan = planAt([set(12, 1, 2, false), set(12, 2, 2, false)], { keepLast: 1 });
    expect(plan.prune).toEqual([]);
    expect(Object.keys(kept(plan))).toEqual(['crm-1202-02', 'crm-1201-02']);
  });

  it('keeps incomplete sets newer than the last good one, every one of them', () => {
    const plan = planAt([set(12, 1, 2), set(12, 2, 2, false), set(12, 3, 2, false), set(11, 30, 2)], { keepLast: 1 });
    expect(kept(plan)).toEqual({
      'crm-1203-02': 'incomplete, newer than the last good set',
      'crm-1202-02': 'incomplete, newer than the last good set',
      'crm-1201-02': 'last 1',
    });
    expect(pruned(plan)).toEqual(['crm-1130-02']);
  });

  it('prunes nothing without a keep-* setting, nor when every keep-* is 0', () => {
    expect(hasRetention({})).toBe(false);
    expect(hasRetention({ keepMonthly: 0 })).toBe(false);
    expect(hasRetention({ keepLast: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 })).toBe(false);
    expect(hasRetention({ keepLast: 0, keepWeekly: 1 })).toBe(true);
    for (const policy of [{}, { keepDaily: 0 }, { keepLast: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 }]) {
      const plan = planAt([set(12, 1, 2), set(12, 2, 2, false), set(11, 1, 2)], policy);
      expect(plan.prune).toEqual([]);
      expect(plan.keep.map((k) => k.reasons)).toEqual([['no retention policy'], ['no retention policy'], ['no retention policy']]);
    }
  });

  it('starts weeks on Monday: Sunday late and Monday early are two weeks, Saturday and Sunday one', () => {
    const sets = [set(11, 28, 12), set(11, 29, 23), set(11, 30, 1), set(11, 22, 12), set(11, 21, 12)];
    const plan = planAt(sets, { keepWeekly: 3 });
    expect(kept(plan)).toEqual({ 'crm-1130-01': 'weekly 1', 'crm-1129-23': 'weekly 2', 'crm-1122-12': 'weekly 3' });
    expect(pruned(plan)).toEqual(['crm-1128-12', 'crm-1121-12']);
  });

  it('counts ISO weeks across the new year: Thu 31 Dec 2026 and Fri 1 Jan 2027 are one week', () => {
    const at = (y: number, m: number, d: number): RetainedSet => ({ dir: `/backups/crm-${y}${m}${d}`, createdAt: new Date(y, m - 1, d, 12), good: true });
    const plan = planAt([at(2027, 1, 1), at(2026, 12, 31), at(2026, 12, 28), at(2026, 12, 27)], { keepWeekly: 2 });
    expect(plan.keep.map((k) => [k.set.dir, k.reasons[0]])).toEqual([['/backups/crm-202711', 'weekly 1'], ['/backups/crm-20261227', 'weekly 2']]);
  });

  it('keeps the newest of each month', () => {
    const sets = [set(10, 5, 2), set(10, 31, 2), set(11, 1, 2), set(11, 30, 14), set(12, 1, 2)];
    const plan = planAt(sets, { keepMonthly: 3 });
    expect(kept(plan)).toEqual({ 'crm-1201-02': 'monthly 1', 'crm-1130-14': 'monthly 2', 'crm-1031-02': 'monthly 3' });
    expect(pruned(plan)).toEqual(['crm-1101-02', 'crm-1005-02']);
  });

  it('orders sets of one second by folder name, the -1 suffix being the later one', () => {
    const at = new Date(2026, 11, 1, 2);
    const sets: RetainedSet[] = [
      { dir: '/backups/crm-20261201T020000Z-1', createdAt: at, good: true },
      { dir: '/backups/crm-20261201T020000Z', createdAt: at, good: true },
    ];
    expect(planAt(sets, { keepLast: 1 }).keep.map((k) => k.set.dir)).toEqual(['/backups/crm-20261201T020000Z-1']);
    expect(planAt([...sets].reverse(), { keepLast: 1 }).keep.map((k) => k.set.dir)).toEqual(['/backups/crm-20261201T020000Z-1']);
  });

  it('keeps a set of unknown age out of the rules, and never prunes it', () => {
    const plan = planAt([set(12, 1, 2), set(12, 2, 2), { dir: '/backups/odd', createdAt: new Date(Number.NaN), good: true }], { keepLast: 1 });
    expect(kept(plan)).toEqual({ 'crm-1202-02': 'last 1', odd: 'no known creation time' });
  });

  it('keeps a set dated in the future out of the rules: it never pushes out newer real sets or the one just written', () => {
    // Now is 3 Dec 12:00; a set copied from a machine whose clock ran a year ahead, and one dated a day ahead.
    const now = new Date(2026, 11, 3, 12);
    const ahead = (month: number, day: number, year: number): RetainedSet => ({ dir: `/backups/crm-ahead-${year}${month}${day}`, createdAt: new Date(year, month - 1, day, 2), good: true });
    const sets = [ahead(12, 3, 2027), ahead(12, 4, 2026), set(12, 3, 2), set(12, 2, 2), set(12, 1, 2), set(11, 30, 2, false)];
    const plan = planRetention(sets, { keepLast: 2 }, now);
    expect(kept(plan)).toEqual({ 'crm-1203-02': 'last 1', 'crm-1202-02': 'last 2', 'crm-ahead-2027123': 'dated in the future', 'crm-ahead-2026124': 'dated in the future' });
    expect(pruned(plan)).toEqual(['crm-1201-02', 'crm-1130-02']);
    // Not the newest good set either: the incomplete run after the last real good one still counts as newer than it.
    const withRun = planRetention([ahead(12, 3, 2027), set(12, 3, 10, false), set(12, 3, 2), set(12, 2, 2)], { keepLast: 1 }, now);
    expect(kept(withRun)).toEqual({ 'crm-1203-10': 'incomplete, newer than the last good set', 'crm-1203-02': 'last 1', 'crm-ahead-2027123': 'dated in the future' });
  });

  it('counts a set up to five minutes ahead (clocks drift) and none further', () => {
    const now = new Date(2026, 11, 3, 12);
    const at = (minutes: number): RetainedSet => ({ dir: `/backups/crm-plus-${minutes}`, createdAt: new Date(now.getTime() + minutes * 60_000), good: true });
    const plan = planRetention([at(6), at(5), at(-60)], { keepLast: 1 }, now);
    expect(kept(plan)).toEqual({ 'crm-plus-5': 'last 1', 'crm-plus-6': 'dated in the future' });
    expect(pruned(plan)).toEqual(['crm-plus--60']);
  });

  it('never prunes the set it is told to protect, whatever the rules say', () => {
    // The set just written carries an older date than the others (this machine's clock was set back).
    const written = set(11, 1, 2);
    const plan = planRetention([set(12, 1, 2), set(12, 2, 2), written, set(10, 1, 2)], { keepLast: 1 }, NOW, '/backups/./crm-1101-02');
    expect(kept(plan)).toEqual({ 'crm-1202-02': 'last 1', 'crm-1101-02': 'written by this run' });
    expect(pruned(plan)).toEqual(['crm-1201-02', 'crm-1001-02']);
  });
});
