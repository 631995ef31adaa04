import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NbError } from '../../../source/core/errors.js';
import { ToolFinder } from '../../../source/core/process/tool-finder.js';
import {
  cronFields, describeSchedule, detectScheduler, installSchedule, manualInstructions, nextRuns, onCalendar, parseSchedule,
  readSchedule, removeSchedule, runCommandFor, type RunCommand, type Schedule, type ScheduleHost,
} from '../../../source/core/profiles/schedule.js';

// Local time is UTC here unless a test says otherwise, so dates are the same on every machine.
const savedTz = process.env.TZ;
process.env.TZ = 'UTC';
const savedPath = process.env.PATH;

const temp = mkdtempSync(path.join(os.tmpdir(), 'nbtest-schedule-'));
/** Stand-ins for systemctl and crontab, first on PATH: if anything ran a scheduler tool, it ran these and left a log. */
const fakeBin = path.join(temp, 'bin');
const toolLog = path.join(temp, 'tool-log');
let folders = 0;

const NIGHTLY: Schedule = { every: 'day', hour: 2, minute: 30 };
const RUN: RunCommand = { argv: [process.execPath, '/opt/nbbackup/dist/cli.js', 'run', 'nightly'], env: { NBBACKUP_STATE_DIR: '/var/lib/nb state', PATH: '/usr/local/bin:/usr/bin:/bin' } };
/** A path nobody should have, and every character systemd or cron treat specially. */
const AWKWARD = `/opt/my tools/100%/$HOME/it's "x"\\y/cli.js`;

async function host(scheduler: string): Promise<ScheduleHost> {
  const dir = path.join(temp, `host-${++folders}`);
  mkdirSync(dir);
  return detectScheduler({ NBBACKUP_SCHEDULE_DIR: dir, NBBACKUP_SCHEDULER: scheduler });
}

const localStamp = (d: Date) => `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
const p2 = (n: number) => String(n).padStart(2, '0');
const hasAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

beforeAll(() => {
  mkdirSync(fakeBin);
  const stub = `#!/bin/sh\necho "$(basename "$0") $*" >> '${toolLog}'\nexit 0\n`;
  for (const tool of ['systemctl', 'crontab']) writeFileSync(path.join(fakeBin, tool), stub, { mode: 0o755 });
  process.env.PATH = `${fakeBin}${path.delimiter}${savedPath ?? ''}`;
});

afterAll(() => {
  process.env.TZ = savedTz;
  if (savedTz === undefined) delete process.env.TZ;
  process.env.PATH = savedPath;
  rmSync(temp, { recursive: true, force: true });
});

describe('the words of a schedule', () => {
  const forms: [Schedule, string, string, string, string][] = [
    [{ every: 'hour', minute: 15 }, 'every hour at :15', 'hourly :15', '*-*-* *:15:00', '15 * * * *'],
    [{ every: 'hour', minute: 0 }, 'every hour at :00', 'hourly :00', '*-*-* *:00:00', '0 * * * *'],
    [{ every: 'day', hour: 2, minute: 30 }, 'every day at 02:30', 'daily 02:30', '*-*-* 02:30:00', '30 2 * * *'],
    [{ every: 'day', hour: 23, minute: 59 }, 'every day at 23:59', 'daily 23:59', '*-*-* 23:59:00', '59 23 * * *'],
    [{ every: 'week', weekday: 0, hour: 3, minute: 0 }, 'every Sunday at 03:00', 'weekly sun 03:00', 'Sun *-*-* 03:00:00', '0 3 * * 0'],
    [{ every: 'week', weekday: 6, hour: 0, minute: 5 }, 'every Saturday at 00:05', 'weekly sat 00:05', 'Sat *-*-* 00:05:00', '5 0 * * 6'],
  ];

  it.each(forms)('%j reads "%s", parses back from it and from "%s", and is %s / %s', (schedule, words, short, calendar, fields) => {
    expect(describeSchedule(schedule)).toBe(words);
    expect(parseSchedule(words)).toEqual(schedule);
    expect(parseSchedule(short)).toEqual(schedule);
    expect(parseSchedule(`  ${words.toUpperCase()}  `)).toEqual(schedule);
    expect(onCalendar(schedule)).toBe(calendar);
    expect(cronFields(schedule)).toBe(fields);
  });

  it.each(['', 'nightly', 'every day at 25:00', 'every day at 02:60', 'every day at 2:3', 'daily 02:30 extra', 'every hour at 15', 'hourly :75',
    'weekly funday 03:00', 'every Sundays at 03:00', 'every hour at 02:30', 'every day at 02:30\nrm -rf /', '30 2 * * *'])('refuses %j with the forms as its hint', (text) => {
    let error: unknown;
    try {
      parseSchedule(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NbError);
    expect((error as NbError).message).not.toContain('\n');
    expect((error as NbError).hint).toContain('"every day at 02:30"');
    expect((error as NbError).hint).toContain('"weekly sun 03:00"');
  });

  it('refuses a hand-built schedule out of range before writing it anywhere', () => {
    expect(() => onCalendar({ every: 'day', hour: 24, minute: 0 })).toThrow(NbError);
    expect(() => cronFields({ every: 'hour', minute: 1.5 })).toThrow(NbError);
    expect(() => describeSchedule({ every: 'week', weekday: 7 as 0, hour: 1, minute: 0 })).toThrow(NbError);
  });
});

describe('the next runs', () => {
  const at = (text: string) => new Date(`${text}Z`);
  const iso = (dates: Date[]) => dates.map((d) => d.toISOString().slice(0, 16));

  it('crosses midnight, a leap day and a month end, strictly after the start', () => {
    expect(iso(nextRuns({ every: 'hour', minute: 15 }, at('2024-12-31T23:15:00'), 3))).toEqual(['2025-01-01T00:15', '2025-01-01T01:15', '2025-01-01T02:15']);
    expect(iso(nextRuns({ every: 'hour', minute: 15 }, at('2024-12-31T23:14:59.999'), 2))).toEqual(['2024-12-31T23:15', '2025-01-01T00:15']);
    expect(iso(nextRuns(NIGHTLY, at('2024-02-28T23:50:00'), 3))).toEqual(['2024-02-29T02:30', '2024-03-01T02:30', '2024-03-02T02:30']);
    expect(iso(nextRuns(NIGHTLY, at('2024-04-30T02:30:00'), 2))).toEqual(['2024-05-01T02:30', '2024-05-02T02:30']);
  });

  it('finds the weekday across a week, a month and a year boundary', () => {
    const sunday: Schedule = { every: 'week', weekday: 0, hour: 3, minute: 0 };
    expect(iso(nextRuns(sunday, at('2024-06-29T12:00:00'), 3))).toEqual(['2024-06-30T03:00', '2024-07-07T03:00', '2024-07-14T03:00']);
    expect(iso(nextRuns(sunday, at('2024-06-30T03:00:00'), 1))).toEqual(['2024-07-07T03:00']);
    expect(iso(nextRuns({ every: 'week', weekday: 3, hour: 23, minute: 59 }, at('2024-12-26T00:00:00'), 2))).toEqual(['2025-01-01T23:59', '2025-01-08T23:59']);
  });

  it('skips a time the clock jumps over when summer time starts (local time, Europe/Berlin)', () => {
    process.env.TZ = 'Europe/Berlin';
    try {
      const runs = nextRuns(NIGHTLY, at('2024-03-29T12:00:00'), 3).map(localStamp);
      expect(runs).toEqual(['2024-03-30 02:30:00', '2024-04-01 02:30:00', '2024-04-02 02:30:00']);
    } finally {
      process.env.TZ = 'UTC';
    }
  });

  // systemd-analyze computes calendar times without a running systemd (checked on Debian's systemd 252).
  describe.skipIf(!hasAnalyze)('agree with `systemd-analyze calendar`', () => {
    const cases: [Schedule, string, string][] = [
      [{ every: 'hour', minute: 15 }, '2024-12-31T23:15:00', 'UTC'],
      [NIGHTLY, '2024-02-28T23:50:00', 'UTC'],
      [NIGHTLY, '2024-04-30T02:30:00', 'UTC'],
      [{ every: 'week', weekday: 0, hour: 3, minute: 0 }, '2024-06-29T12:00:00', 'UTC'],
      [{ every: 'week', weekday: 1, hour: 0, minute: 0 }, '2024-12-29T23:59:59', 'UTC'],
      [NIGHTLY, '2024-03-29T12:00:00', 'Europe/Berlin'],
      [{ every: 'hour', minute: 30 }, '2024-10-27T00:10:00', 'Europe/Berlin'],
    ];
    it.each(cases)('%j from %s (%s)', (schedule, from, tz) => {
      const base = new Date(`${from}Z`);
      const out = execFileSync('systemd-analyze', ['calendar', '--iterations=3', `--base-time=@${base.getTime() / 1000}`, onCalendar(schedule)], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
      expect(/Normalized form: (.*)/.exec(out)?.[1]).toBe(onCalendar(schedule));
      const elapses = [...out.matchAll(/(?:Next elapse|Iter\. #\d+): \w{3} (\S+ \S+) /g)].map((m) => m[1]);
      expect(elapses).toHaveLength(3);
      process.env.TZ = tz;
      try {
        expect(nextRuns(schedule, base, 3).map(localStamp)).toEqual(elapses);
      } finally {
        process.env.TZ = 'UTC';
      }
    });
  });
});

/** systemd.syntax's reading of one line of words: quotes, C escapes, then `%%` and (where variables expand) `$$`. */
function systemdWords(line: string, expandsVariables: boolean): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    let word = match[1] === undefined ? match[2] : match[1].replace(/\\(.)/g, '$1');
    word = word.replace(/%%/g, '%');
    if (expandsVariables) word = word.replace(/\$\$/g, '$');
    words.push(word);
  }
  return words;
}

describe('systemd units', () => {
  it('writes a service and a timer (0644), reads the schedule back, replaces it and removes both', async () => {
    const h = await host('systemd-user');
    expect(h).toMatchObject({ scheduler: 'systemd-user', filesOnly: true });
    const installed = await installSchedule(h, 'nightly', NIGHTLY, RUN);
    const base = path.join(h.systemdDir, 'nbbackup-nightly');
    expect(installed).toEqual({ scheduler: 'systemd-user', files: [`${base}.service`, `${base}.timer`], schedule: NIGHTLY, enableCommand: ['systemctl', '--user', 'enable', '--now', 'nbbackup-nightly.timer'] });
    for (const file of installed.files) expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readdirSync(h.systemdDir).sort()).toEqual(['nbbackup-nightly.service', 'nbbackup-nightly.timer']);
    const service = readFileSync(`${base}.service`, 'utf8');
    expect(service).toContain('\nType=oneshot\n');
    expect(service).toContain(`\nExecStart="${process.execPath}" "/opt/nbbackup/dist/cli.js" "run" "nightly"\n`);
    expect(service).toContain('\nEnvironment="NBBACKUP_STATE_DIR=/var/lib/nb state"\nEnvironment="PATH=/usr/local/bin:/usr/bin:/bin"\n');
    expect(service).toContain('\nNice=10\nIOSchedulingClass=idle\n');
    const timer = readFileSync(`${base}.timer`, 'utf8');
    expect(timer).toContain('\n[Timer]\nOnCalendar=*-*-* 02:30:00\nPersistent=true\nRandomizedDelaySec=0\n\n[Install]\nWantedBy=timers.target\n');
    expect(await readSchedule(h, 'nightly')).toEqual(NIGHTLY);

    const weekly: Schedule = { every: 'week', weekday: 5, hour: 4, minute: 45 };
    await installSchedule(h, 'nightly', weekly, RUN);
    expect(await readSchedule(h, 'nightly')).toEqual(weekly);
    expect(readdirSync(h.systemdDir)).toHaveLength(2);

    expect(await removeSchedule(h, 'nightly')).toEqual([`${base}.timer`, `${base}.service`]);
    expect(readdirSync(h.systemdDir)).toEqual([]);
    expect(await readSchedule(h, 'nightly')).toBeUndefined();
    expect(await removeSchedule(h, 'nightly')).toEqual([]);
  });

  it('quotes a path with spaces, %, $, quotes and a backslash so systemd reads the same words back', async () => {
    const h = await host('systemd-system');
    const run: RunCommand = { argv: [process.execPath, AWKWARD, 'run', 'nightly'], env: { NBBACKUP_CONFIG: '/etc/nb$x/100%.yaml' } };
    await installSchedule(h, 'nightly', NIGHTLY, run);
    const service = readFileSync(path.join(h.systemdDir, 'nbbackup-nightly.service'), 'utf8');
    const execStart = /^ExecStart=(.*)$/m.exec(service)![1];
    expect(execStart).toBe(`"${process.execPath}" "/opt/my tools/100%%/$$HOME/it's \\"x\\"\\\\y/cli.js" "run" "nightly"`);
    expect(systemdWords(execStart, true)).toEqual(run.argv);
    // Environment= expands specifiers but not variables: `$` is written as it is.
    const environment = /^Environment=(.*)$/m.exec(service)![1];
    expect(environment).toBe('"NBBACKUP_CONFIG=/etc/nb$x/100%%.yaml"');
    expect(systemdWords(environment, false)).toEqual(['NBBACKUP_CONFIG=/etc/nb$x/100%.yaml']);
  });

  // `systemd-analyze verify` parses unit files without a running systemd (Debian's systemd 252 here);
  // it exits 0 on mere warnings, so stderr must be empty too.
  it.skipIf(!hasAnalyze)('writes units that `systemd-analyze verify` accepts without a word', async () => {
    const h = await host('systemd-system');
    const { files } = await installSchedule(h, 'nightly', { every: 'week', weekday: 0, hour: 3, minute: 0 }, { argv: [process.execPath, AWKWARD, 'run', 'nightly'], env: RUN.env });
    const result = spawnSync('systemd-analyze', ['verify', '--man=no', ...files], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('refuses a timer whose OnCalendar nbbackup did not write', async () => {
    const h = await host('systemd-system');
    await installSchedule(h, 'nightly', NIGHTLY, RUN);
    const timer = path.join(h.systemdDir, 'nbbackup-nightly.timer');
    writeFileSync(timer, readFileSync(timer, 'utf8').replace(/OnCalendar=.*/, 'OnCalendar=Mon..Fri 02:30'));
    await expect(readSchedule(h, 'nightly')).rejects.toThrow(/nbbackup did not write/);
  });
});

/** What cron does to a command before its shell sees it: `\%` is `%`; an unescaped `%` would end the command. */
function cronCommand(command: string): string {
  expect(command.replace(/\\%/g, '')).not.toContain('%');
  return command.replace(/\\%/g, '%');
}

/** The words a shell makes of a cron command (its output discarding left off). */
function shellWords(command: string): string[] {
  const words = cronCommand(command.replace(/ >>\/dev\/null 2>&1$/, ''));
  return execFileSync('sh', ['-c', `printf '%s\\0' ${words}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

describe('cron.d files', () => {
  it('writes one file (0644) with the environment and a root line, reads it back, replaces it and removes it', async () => {
    const h = await host('cron.d');
    const file = path.join(h.cronDir, 'nbbackup-nightly');
    expect(await installSchedule(h, 'nightly', NIGHTLY, RUN)).toEqual({ scheduler: 'cron.d', files: [file], schedule: NIGHTLY });
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readFileSync(file, 'utf8')).toBe(
      '# nbbackup:nightly every day at 02:30. Written by nbbackup.\n' +
        'NBBACKUP_STATE_DIR="/var/lib/nb state"\n' +
        'PATH="/usr/local/bin:/usr/bin:/bin"\n' +
        `30 2 * * * root '${process.execPath}' '/opt/nbbackup/dist/cli.js' 'run' 'nightly' >>/dev/null 2>&1\n`,
    );
    expect(await readSchedule(h, 'nightly')).toEqual(NIGHTLY);
    const hourly: Schedule = { every: 'hour', minute: 5 };
    await installSchedule(h, 'nightly', hourly, RUN);
    expect(await readSchedule(h, 'nightly')).toEqual(hourly);
    expect(readdirSync(h.cronDir)).toEqual(['nbbackup-nightly']);
    expect(await removeSchedule(h, 'nightly')).toEqual([file]);
    expect(readdirSync(h.cronDir)).toEqual([]);
    expect(await readSchedule(h, 'nightly')).toBeUndefined();
  });

  it('names the file without dots (cron skips those), and keeps `a.b` and `a_b` from taking each other\'s file', async () => {
    const h = await host('cron.d');
    const { files } = await installSchedule(h, 'db.main', NIGHTLY, RUN);
    expect(files).toEqual([path.join(h.cronDir, 'nbbackup-db_main')]);
    await expect(installSchedule(h, 'db_main', NIGHTLY, RUN)).rejects.toThrow(/already schedules profile db\.main/);
    expect(await readSchedule(h, 'db_main')).toBeUndefined();
    expect(await removeSchedule(h, 'db_main')).toEqual([]);
    expect(await readSchedule(h, 'db.main')).toEqual(NIGHTLY);
  });

  it('quotes a path with spaces, %, $, quotes and a backslash so cron and its shell pass the same words on', async () => {
    const h = await host('cron.d');
    const run: RunCommand = { argv: [process.execPath, AWKWARD, 'run', 'nightly'], env: {} };
    const [file] = (await installSchedule(h, 'nightly', NIGHTLY, run)).files;
    const line = readFileSync(file, 'utf8').split('\n')[1];
    expect(line.startsWith('30 2 * * * root ')).toBe(true);
    expect(shellWords(line.slice('30 2 * * * root '.length))).toEqual(run.argv);
  });

  it('refuses an environment value with a line break', async () => {
    const h = await host('cron.d');
    await expect(installSchedule(h, 'nightly', NIGHTLY, { argv: RUN.argv, env: { NBBACKUP_CONFIG: '/x\n* * * * * root evil' } })).rejects.toThrow(NbError);
    expect(readdirSync(h.cronDir)).toEqual([]);
  });

  it.each(['/etc/nb "prod"/.nbbackuprc', '/etc/nb\\prod/.nbbackuprc', '"/etc/nbbackuprc"'])('refuses an environment value cron cannot read back: %j', async (value) => {
    const h = await host('cron.d');
    const refused = await installSchedule(h, 'nightly', NIGHTLY, { argv: RUN.argv, env: { NBBACKUP_CONFIG: value } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NbError);
    expect((refused as NbError).message).toBe(`cron.d cannot carry NBBACKUP_CONFIG holding a double quote or a backslash: ${JSON.stringify(value)}`);
    expect((refused as NbError).hint).toMatch(/^Use a NBBACKUP_CONFIG without " or \\, or a systemd timer/);
    expect(readdirSync(h.cronDir)).toEqual([]);
  });

  it('makes the folder of a files-only host when it is missing', async () => {
    for (const scheduler of ['cron.d', 'crontab']) {
      const dir = path.join(temp, `missing-${++folders}`, 'schedules');
      const h = await detectScheduler({ NBBACKUP_SCHEDULE_DIR: dir, NBBACKUP_SCHEDULER: scheduler });
      const { files } = await installSchedule(h, 'nightly', NIGHTLY, RUN);
      expect(files).toEqual([path.join(dir, scheduler === 'cron.d' ? 'nbbackup-nightly' : 'crontab')]);
      expect(await readSchedule(h, 'nightly')).toEqual(NIGHTLY);
    }
  });
});

describe('a user crontab', () => {
  const others = 'MAILTO=ops@example.com\n# m h dom mon dow command\n0 4 * * * /usr/local/bin/rotate-logs --all\n@reboot /usr/bin/true\n';

  it('adds one block between markers, replaces it in place of adding another, and leaves every other line as it was', async () => {
    const h = await host('crontab');
    const crontab = path.join(h.cronDir, 'crontab');
    writeFileSync(crontab, others);
    expect((await installSchedule(h, 'nightly', NIGHTLY, RUN)).files).toEqual([crontab]);
    const block = (fields: string) =>
      `# nbbackup:nightly begin\n${fields} NBBACKUP_STATE_DIR='/var/lib/nb state' PATH='/usr/local/bin:/usr/bin:/bin' '${process.execPath}' '/opt/nbbackup/dist/cli.js' 'run' 'nightly' >>/dev/null 2>&1\n# nbbackup:nightly end\n`;
    expect(readFileSync(crontab, 'utf8')).toBe(others + block('30 2 * * *'));
    expect(await readSchedule(h, 'nightly')).toEqual(NIGHTLY);

    await installSchedule(h, 'weekly', { every: 'week', weekday: 1, hour: 1, minute: 0 }, { argv: [...RUN.argv.slice(0, 3), 'weekly'], env: {} });
    const weeklyBlock = `# nbbackup:weekly begin\n0 1 * * 1 '${process.execPath}' '/opt/nbbackup/dist/cli.js' 'run' 'weekly' >>/dev/null 2>&1\n# nbbackup:weekly end\n`;
    await installSchedule(h, 'nightly', { every: 'hour', minute: 45 }, RUN);
    expect(readFileSync(crontab, 'utf8')).toBe(others + weeklyBlock + block('45 * * * *'));
    expect(await readSchedule(h, 'nightly')).toEqual({ every: 'hour', minute: 45 });
    expect(await readSchedule(h, 'weekly')).toEqual({ every: 'week', weekday: 1, hour: 1, minute: 0 });

    expect(await removeSchedule(h, 'nightly')).toEqual([crontab]);
    expect(readFileSync(crontab, 'utf8')).toBe(others + weeklyBlock);
    expect(await removeSchedule(h, 'nightly')).toEqual([]);
    await removeSchedule(h, 'weekly');
    expect(readFileSync(crontab, 'utf8')).toBe(others);
  });

  it('starts a crontab where there is none, and ends a last line that had no newline', async () => {
    const h = await host('crontab');
    const crontab = path.join(h.cronDir, 'crontab');
    await installSchedule(h, 'nightly', NIGHTLY, { argv: RUN.argv, env: {} });
    expect(readFileSync(crontab, 'utf8')).toMatch(/^# nbbackup:nightly begin\n30 2 \* \* \* .*\n# nbbackup:nightly end\n$/);
    writeFileSync(crontab, '0 4 * * * /usr/local/bin/rotate-logs');
    await installSchedule(h, 'nightly', NIGHTLY, { argv: RUN.argv, env: {} });
    expect(readFileSync(crontab, 'utf8')).toMatch(/^0 4 \* \* \* \/usr\/local\/bin\/rotate-logs\n# nbbackup:nightly begin\n/);
  });

  it('refuses a block with a begin marker and no end, and leaves the crontab alone', async () => {
    const h = await host('crontab');
    const crontab = path.join(h.cronDir, 'crontab');
    const broken = `${others}# nbbackup:nightly begin\n30 2 * * * something\n`;
    writeFileSync(crontab, broken);
    await expect(installSchedule(h, 'nightly', NIGHTLY, RUN)).rejects.toThrow(/no "# nbbackup:nightly end"/);
    await expect(removeSchedule(h, 'nightly')).rejects.toThrow(NbError);
    expect(readFileSync(crontab, 'utf8')).toBe(broken);
  });

  it('carries a double quote and a backslash in an environment value through the shell\'s quoting', async () => {
    const h = await host('crontab');
    const value = '/etc/nb "prod"\\x/.nbbackuprc';
    await installSchedule(h, 'nightly', NIGHTLY, { argv: RUN.argv, env: { NBBACKUP_CONFIG: value } });
    const line = readFileSync(path.join(h.cronDir, 'crontab'), 'utf8').split('\n')[1];
    expect(shellWords(line.slice('30 2 * * * '.length))).toEqual([`NBBACKUP_CONFIG=${value}`, ...RUN.argv]);
  });

  it('quotes the awkward path through cron\'s % rule and the shell', () => {
    const run: RunCommand = { argv: [process.execPath, AWKWARD, 'run', 'nightly'], env: {} };
    const line = manualInstructions('nightly', NIGHTLY, run).split('\n').find((l) => l.startsWith('30 2 * * * '))!;
    expect(shellWords(line.slice('30 2 * * * '.length))).toEqual(run.argv);
  });
});

describe('profile names, commands and hosts', () => {
  it.each(['a b', "a'b", 'a"b', 'a\nb', '', '-x', '.hidden', '../etc/passwd', 'a/b', 'a;b', 'x'.repeat(65)])('refuses the profile name %j everywhere', async (name) => {
    const h = await host('systemd-system');
    expect(() => runCommandFor(name)).toThrow(NbError);
    await expect(installSchedule(h, name, NIGHTLY, RUN)).rejects.toThrow(/Not a profile name/);
    await expect(readSchedule(h, name)).rejects.toThrow(NbError);
    await expect(removeSchedule(h, name)).rejects.toThrow(NbError);
    expect(readdirSync(h.systemdDir)).toEqual([]);
  });

  it('runs this node with this script, carrying only the state dir, the config and PATH', () => {
    const run = runCommandFor('nightly', { NBBACKUP_STATE_DIR: '/s', NBBACKUP_CONFIG: '/c.yaml', PATH: '/bin', HOME: '/root', PGPASSWORD: 'secret', NBBACKUP_SCHEDULE_DIR: '/t' });
    expect(run).toEqual({ argv: [process.execPath, path.resolve(process.argv[1]), 'run', 'nightly'], env: { NBBACKUP_STATE_DIR: '/s', NBBACKUP_CONFIG: '/c.yaml', PATH: '/bin' } });
    expect(path.isAbsolute(run.argv[1])).toBe(true);
    expect(runCommandFor('nightly', {}).env).toEqual({});
  });

  it('carries the state dir and config as absolute paths, and the .nbbackuprc a profile comes from', () => {
    const cwd = process.cwd();
    expect(runCommandFor('nightly', { NBBACKUP_STATE_DIR: 'state', NBBACKUP_CONFIG: '../c.yaml', PATH: 'bin:/usr/bin' }).env).toEqual({
      NBBACKUP_STATE_DIR: path.join(cwd, 'state'),
      NBBACKUP_CONFIG: path.resolve(cwd, '../c.yaml'),
      PATH: 'bin:/usr/bin',
    });
    // A profile shipped in a .nbbackuprc found from the cwd: the run (started in / or $HOME) is told where.
    expect(runCommandFor('nightly', { NBBACKUP_CONFIG: '/etc/other.yaml', PATH: '/bin' }, 'srv/.nbbackuprc').env).toEqual({ NBBACKUP_CONFIG: path.join(cwd, 'srv/.nbbackuprc'), PATH: '/bin' });
    expect(runCommandFor('nightly', {}, '/srv/crm/.nbbackuprc').env).toEqual({ NBBACKUP_CONFIG: '/srv/crm/.nbbackuprc' });
  });

  it('takes the scheduler from NBBACKUP_SCHEDULER under NBBACKUP_SCHEDULE_DIR, and refuses a name it does not know', async () => {
    await expect(detectScheduler({ NBBACKUP_SCHEDULE_DIR: temp, NBBACKUP_SCHEDULER: 'anacron' })).rejects.toThrow(/NBBACKUP_SCHEDULER must name/);
    await expect(detectScheduler({ NBBACKUP_SCHEDULE_DIR: temp })).rejects.toThrow(NbError);
    expect(await detectScheduler({ NBBACKUP_SCHEDULE_DIR: temp, NBBACKUP_SCHEDULER: 'none' })).toEqual({ systemdDir: temp, cronDir: temp, scheduler: 'none', why: expect.any(String), filesOnly: true });
  });

  it('finds a scheduler on this machine, with one line saying why', async () => {
    const found = await detectScheduler({ ...process.env, NBBACKUP_SCHEDULE_DIR: '' });
    expect(['systemd-system', 'systemd-user', 'cron.d', 'crontab', 'none']).toContain(found.scheduler);
    expect(found.why).not.toContain('\n');
    expect(found.filesOnly).toBeUndefined();
  });

  it('with no scheduler, refuses to install and offers the lines to add by hand', async () => {
    const h = await host('none');
    await expect(installSchedule(h, 'nightly', NIGHTLY, RUN)).rejects.toThrow(/no scheduler/);
    expect(await readSchedule(h, 'nightly')).toBeUndefined();
    const text = manualInstructions('nightly', NIGHTLY, RUN);
    expect(text).toContain(`\n30 2 * * * NBBACKUP_STATE_DIR='/var/lib/nb state' PATH='/usr/local/bin:/usr/bin:/bin' '${process.execPath}' '/opt/nbbackup/dist/cli.js' 'run' 'nightly' >>/dev/null 2>&1\n`);
    expect(text).toContain('nbbackup-nightly.service:\n# Written by nbbackup');
    expect(text).toContain('\nOnCalendar=*-*-* 02:30:00\n');
    expect(text).toContain('systemctl enable --now nbbackup-nightly.timer');
  });

  it('under NBBACKUP_SCHEDULE_DIR ran no systemctl or crontab in any of the tests above', () => {
    expect(existsSync(toolLog)).toBe(false);
  });
});

/**
 * The same hosts with files-only turned off, so the systemctl and crontab commands are checked too:
 * they run the stand-ins from the start of PATH, never the machine's own (checked before each test).
 */
describe('the scheduler commands, against stand-ins', () => {
  const stub = (tool: string, body: string) => writeFileSync(path.join(fakeBin, tool), `#!/bin/sh\necho "${tool} $*" >> '${toolLog}'\n${body}\n`, { mode: 0o755 });
  const live = async (scheduler: string): Promise<ScheduleHost> => {
    for (const tool of ['systemctl', 'crontab']) expect(await new ToolFinder(process.env.PATH).first([tool])).toBe(path.join(fakeBin, tool));
    rmSync(toolLog, { force: true });
    return { ...(await host(scheduler)), filesOnly: false };
  };
  const log = () => readFileSync(toolLog, 'utf8').trim().split('\n');

  it('reloads systemd and enables the timer; disables it before removing, then reloads', async () => {
    stub('systemctl', 'exit 0');
    const h = await live('systemd-user');
    await installSchedule(h, 'nightly', NIGHTLY, RUN);
    expect(log()).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable --now nbbackup-nightly.timer']);
    rmSync(toolLog);
    await removeSchedule(h, 'nightly');
    expect(log()).toEqual(['systemctl --user disable --now nbbackup-nightly.timer', 'systemctl --user daemon-reload']);
  });

  it('as root uses the system manager, and removes a timer systemd never loaded', async () => {
    stub('systemctl', 'case "$1" in disable) echo "Failed to disable unit: Unit file nbbackup-nightly.timer does not exist." >&2; exit 1;; esac');
    const h = await live('systemd-system');
    await installSchedule(h, 'nightly', NIGHTLY, RUN);
    expect(await removeSchedule(h, 'nightly')).toHaveLength(2);
    expect(log()).toEqual(['systemctl daemon-reload', 'systemctl enable --now nbbackup-nightly.timer', 'systemctl disable --now nbbackup-nightly.timer', 'systemctl daemon-reload']);
  });

  it('turns a systemctl failure into one line with the tool\'s first stderr line and a hint', async () => {
    stub('systemctl', 'echo "Failed to connect to bus: No medium found" >&2; echo "second line" >&2; exit 1');
    const h = await live('systemd-user');
    const error = await installSchedule(h, 'nightly', NIGHTLY, RUN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NbError);
    expect((error as NbError).message).toBe('systemctl --user daemon-reload failed: Failed to connect to bus: No medium found');
    expect((error as NbError).hint).toMatch(/login session/);
  });

  it('reads an absent crontab as empty and writes the new one through `crontab -`', async () => {
    const store = path.join(temp, 'stub-crontab');
    stub('crontab', `case "$1" in -l) [ -f '${store}' ] || { echo "no crontab for root" >&2; exit 1; }; cat '${store}';; -) cat > '${store}';; *) exit 2;; esac`);
    const h = await live('crontab');
    await installSchedule(h, 'nightly', NIGHTLY, { argv: RUN.argv, env: {} });
    expect(readFileSync(store, 'utf8')).toMatch(/^# nbbackup:nightly begin\n30 2 .*\n# nbbackup:nightly end\n$/);
    expect(await readSchedule(h, 'nightly')).toEqual(NIGHTLY);
    expect(await removeSchedule(h, 'nightly')).toEqual(['crontab']);
    expect(readFileSync(store, 'utf8')).toBe('');
    expect(log()).toEqual(['crontab -l', 'crontab -', 'crontab -l', 'crontab -l', 'crontab -']);
  });
});
