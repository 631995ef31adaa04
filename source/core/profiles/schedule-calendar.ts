import { NbError } from '../errors.js';

/**
 * When a profile runs, in the three shapes the TUI offers, and every way that shape is written:
 * the words people read and type, systemd's OnCalendar, cron's five fields. One file, so the forms
 * cannot drift apart; the scheduler files are read back through the same table.
 */

/** What the TUI offers: every hour at :MM, every day at HH:MM, or every week on a weekday at HH:MM (local time). */
export type Schedule =
  | { readonly every: 'hour'; readonly minute: number }
  | { readonly every: 'day'; readonly hour: number; readonly minute: number }
  | { readonly every: 'week'; readonly weekday: Weekday; readonly hour: number; readonly minute: number };

/** 0 is Sunday, as in JavaScript's getDay() and cron. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const FORMS_HINT = 'Write "every hour at :15", "every day at 02:30", "every Sunday at 03:00", "hourly :15", "daily 02:30" or "weekly sun 03:00".';

/** Refuses a hand-built Schedule with a minute of 75 before it reaches a unit file. */
export function checkSchedule(s: Schedule): Schedule {
  const bad = (what: string) => new NbError(`Not a schedule: ${what}.`, FORMS_HINT, 'schedule');
  if (!isIn(s.minute, 59)) throw bad(`minute ${String(s.minute)} is not 00–59`);
  if (s.every !== 'hour' && !isIn(s.hour, 23)) throw bad(`hour ${String(s.hour)} is not 00–23`);
  if (s.every === 'week' && !isIn(s.weekday, 6)) throw bad(`weekday ${String(s.weekday)}`);
  if (s.every !== 'hour' && s.every !== 'day' && s.every !== 'week') throw bad(`every ${String((s as { every: unknown }).every)}`);
  return s;
}

const isIn = (n: unknown, max: number): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;
const two = (n: number) => String(n).padStart(2, '0');

/** "every hour at :15", "every day at 02:30", "every Sunday at 03:00". */
export function describeSchedule(s: Schedule): string {
  checkSchedule(s);
  if (s.every === 'hour') return `every hour at :${two(s.minute)}`;
  if (s.every === 'day') return `every day at ${two(s.hour)}:${two(s.minute)}`;
  return `every ${DAY_NAMES[s.weekday]} at ${two(s.hour)}:${two(s.minute)}`;
}

/**
 * The forms describeSchedule prints, plus "hourly :15", "daily 02:30", "weekly sun 03:00". Case and
 * spacing are free; a weekday may be written in full or by its first three letters, an hour with one digit.
 */
export function parseSchedule(text: string): Schedule {
  const words = text.trim().toLowerCase().split(/\s+/).join(' ');
  const time = '(\\d{1,2}):(\\d{2})';
  const day = '([a-z]+)';
  const forms: [RegExp, (m: RegExpExecArray) => Schedule | undefined][] = [
    [/^(?:every hour at|hourly) :(\d{2})$/, (m) => ({ every: 'hour', minute: Number(m[1]) })],
    [new RegExp(`^(?:every day at|daily) ${time}$`), (m) => ({ every: 'day', hour: Number(m[1]), minute: Number(m[2]) })],
    [new RegExp(`^(?:every ${day} at|weekly ${day}) ${time}$`), (m) => {
      const weekday = weekdayOf(m[1] ?? m[2]);
      return weekday === undefined ? undefined : { every: 'week', weekday, hour: Number(m[3]), minute: Number(m[4]) };
    }],
  ];
  for (const [pattern, make] of forms) {
    const match = pattern.exec(words);
    const schedule = match && make(match);
    if (!schedule) continue;
    // The right form with a wrong number says which number: "hour 25 is not 00–23".
    return checkSchedule(schedule);
  }
  throw new NbError(`Not a schedule: "${text.trim().split(/\r?\n/)[0]}".`, FORMS_HINT, 'schedule');
}

function weekdayOf(word: string): Weekday | undefined {
  const at = DAY_NAMES.findIndex((name) => name.toLowerCase() === word || name.slice(0, 3).toLowerCase() === word);
  return at < 0 ? undefined : (at as Weekday);
}

/** systemd's OnCalendar= value: "*-*-* 02:30:00", "*-*-* *:15:00", "Sun *-*-* 03:00:00". */
export function onCalendar(s: Schedule): string {
  checkSchedule(s);
  if (s.every === 'hour') return `*-*-* *:${two(s.minute)}:00`;
  const at = `*-*-* ${two(s.hour)}:${two(s.minute)}:00`;
  return s.every === 'day' ? at : `${DAY_NAMES[s.weekday].slice(0, 3)} ${at}`;
}

/** cron's first five fields: "30 2 * * *", "15 * * * *", "0 3 * * 0". */
export function cronFields(s: Schedule): string {
  checkSchedule(s);
  if (s.every === 'hour') return `${s.minute} * * * *`;
  return `${s.minute} ${s.hour} * * ${s.every === 'day' ? '*' : s.weekday}`;
}

/** Reads back only what onCalendar writes; anything else (a hand-edited timer) is undefined. */
export function fromOnCalendar(value: string): Schedule | undefined {
  const match = /^(?:([A-Z][a-z]{2}) )?\*-\*-\* (\*|\d{2}):(\d{2}):00$/.exec(value.trim());
  if (!match) return undefined;
  const [, day, hour, minute] = match;
  const weekday = day === undefined ? undefined : DAY_NAMES.findIndex((name) => name.startsWith(day));
  const s: Schedule | undefined =
    hour === '*' ? (day ? undefined : { every: 'hour', minute: Number(minute) })
    : weekday === undefined ? { every: 'day', hour: Number(hour), minute: Number(minute) }
    : weekday < 0 ? undefined
    : { every: 'week', weekday: weekday as Weekday, hour: Number(hour), minute: Number(minute) };
  return s && valid(s);
}

/** Reads back only what cronFields writes. */
export function fromCronFields(fields: string): Schedule | undefined {
  const match = /^(\d{1,2}) (\*|\d{1,2}) \* \* (\*|[0-6])$/.exec(fields.trim().split(/\s+/).join(' '));
  if (!match) return undefined;
  const [, minute, hour, day] = match;
  const s: Schedule | undefined =
    hour === '*' ? (day === '*' ? { every: 'hour', minute: Number(minute) } : undefined)
    : day === '*' ? { every: 'day', hour: Number(hour), minute: Number(minute) }
    : { every: 'week', weekday: Number(day) as Weekday, hour: Number(hour), minute: Number(minute) };
  return s && valid(s);
}

function valid(s: Schedule): Schedule | undefined {
  try {
    return checkSchedule(s);
  } catch {
    return undefined;
  }
}

/**
 * The next `count` times after `from` (strictly), in the process's local time zone. A time the clock
 * skips when summer time starts is skipped, as systemd does; a time that happens twice counts once.
 */
export function nextRuns(s: Schedule, from: Date, count: number): Date[] {
  checkSchedule(s);
  const runs: Date[] = [];
  const hours = s.every === 'hour' ? [...Array(24).keys()] : [s.hour];
  const lastDay = count * 7 + 8;
  for (let offset = 0; runs.length < count && offset <= lastDay; offset++) {
    const day = new Date(from.getFullYear(), from.getMonth(), from.getDate() + offset);
    if (s.every === 'week' && day.getDay() !== s.weekday) continue;
    for (const hour of hours) {
      const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), hour, s.minute, 0, 0);
      const exists = at.getDate() === day.getDate() && at.getHours() === hour && at.getMinutes() === s.minute;
      if (exists && at > from && !runs.some((run) => run.getTime() === at.getTime())) runs.push(at);
      if (runs.length === count) break;
    }
  }
  return runs;
}
