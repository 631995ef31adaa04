import { NbError } from '../errors.js';
import { cronFields, describeSchedule, onCalendar, type Schedule } from './schedule-calendar.js';
import type { RunCommand } from './schedule-host.js';

/**
 * The text of every file a schedule lives in: systemd's service and timer, a cron.d file, a block in a
 * crontab. Each carries the run command through that format's own quoting rules, so a path with
 * spaces, `%`, `$` or quotes reaches `nbbackup run` as it was.
 */

export const unitName = (profile: string) => `nbbackup-${profile}`;

/** cron (run-parts rules) skips files in /etc/cron.d whose names hold a dot, so dots become underscores. */
export const cronFileName = (profile: string) => `nbbackup-${profile.replaceAll('.', '_')}`;

/** First line of a cron.d file: tells `a.b` from `a_b`, which share a file name. */
const cronMarker = (profile: string) => `# nbbackup:${profile}`;
export const blockBegin = (profile: string) => `# nbbackup:${profile} begin`;
export const blockEnd = (profile: string) => `# nbbackup:${profile} end`;

/** nbbackup keeps its own run log, so what cron would mail is discarded. */
const DISCARD = '>>/dev/null 2>&1';

/** One word for ExecStart=/Environment= (systemd.syntax): double-quoted, C escapes, `%` specifiers doubled; `$` doubled where variables expand. */
export function systemdWord(word: string, expandsVariables: boolean): string {
  oneLine(word);
  let quoted = word.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('%', '%%');
  if (expandsVariables) quoted = quoted.replaceAll('$', '$$$$');
  return `"${quoted}"`;
}

/**
 * One word for the shell cron hands its line to. cron itself turns an unescaped `%` into a newline
 * before the shell sees it, whatever the quotes, and reads `\%` as `%`.
 */
export function cronWord(word: string): string {
  oneLine(word);
  // cron's `\%` rule cannot carry a backslash right before a percent sign through to the shell.
  if (word.includes('\\%')) throw new NbError(`cron cannot run a command holding "\\%": ${word}`, 'Move nbbackup to a path without "\\%", or use a systemd timer.', 'schedule');
  return `'${word.replaceAll("'", `'\\''`)}'`.replaceAll('%', '\\%');
}

function oneLine(text: string): string {
  if (/[\n\r\0]/.test(text)) throw new NbError(`A scheduled command cannot hold a line break: ${JSON.stringify(text)}`, 'Move nbbackup or the folder named in the environment to a path without line breaks.', 'schedule');
  return text;
}

/**
 * cron's NAME="value" lines have no escapes: a `"` inside ends the value early and a backslash is kept
 * or not depending on the cron, so the line fails to parse or means something else. Refused, not guessed at.
 */
function cronEnvValue(name: string, value: string): string {
  if (/["\\]/.test(oneLine(value))) {
    throw new NbError(`cron.d cannot carry ${name} holding a double quote or a backslash: ${JSON.stringify(value)}`, `Use a ${name} without " or \\, or a systemd timer (or a user crontab, which quotes it for the shell).`, 'schedule');
  }
  return value;
}

function checkEnvName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new NbError(`Not an environment variable name: ${JSON.stringify(name)}`, 'Only NBBACKUP_STATE_DIR, NBBACKUP_CONFIG and PATH are carried into a scheduled run.', 'schedule');
  return name;
}

export function serviceText(profile: string, run: RunCommand): string {
  const lines = [
    '# Written by nbbackup: runs one backup profile; the .timer beside it says when.',
    '[Unit]',
    `Description=nbbackup: run profile ${profile}`,
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=${run.argv.map((word) => systemdWord(word, true)).join(' ')}`,
    // Environment= expands specifiers but never variables, so `$` stays as it is.
    ...Object.entries(run.env).map(([name, value]) => `Environment=${systemdWord(`${checkEnvName(name)}=${value}`, false)}`),
    'Nice=10',
    'IOSchedulingClass=idle',
  ];
  return `${lines.join('\n')}\n`;
}

export function timerText(profile: string, schedule: Schedule): string {
  const lines = [
    '# Written by nbbackup.',
    '[Unit]',
    `Description=nbbackup: run profile ${profile} ${describeSchedule(schedule)}`,
    '',
    '[Timer]',
    `OnCalendar=${onCalendar(schedule)}`,
    'Persistent=true',
    'RandomizedDelaySec=0',
    '',
    '[Install]',
    'WantedBy=timers.target',
  ];
  return `${lines.join('\n')}\n`;
}

/** /etc/cron.d/nbbackup-<profile>: the marker, the environment, one line run as root. */
export function cronDText(profile: string, schedule: Schedule, run: RunCommand): string {
  const lines = [
    `${cronMarker(profile)} ${describeSchedule(schedule)}. Written by nbbackup.`,
    // cron strips one pair of quotes around a value, and with it any doubt about spaces at its ends.
    ...Object.entries(run.env).map(([name, value]) => `${checkEnvName(name)}="${cronEnvValue(name, value)}"`),
    `${cronFields(schedule)} root ${run.argv.map(cronWord).join(' ')} ${DISCARD}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** A user crontab's lines share one environment, so the variables go on the command, not above it. */
export function crontabLine(schedule: Schedule, run: RunCommand): string {
  const env = Object.entries(run.env).map(([name, value]) => `${checkEnvName(name)}=${cronWord(value)}`);
  return [cronFields(schedule), ...env, ...run.argv.map(cronWord), DISCARD].join(' ');
}

export function crontabBlock(profile: string, schedule: Schedule, run: RunCommand): string[] {
  return [blockBegin(profile), crontabLine(schedule, run), blockEnd(profile)];
}

/** The crontab's text without this profile's block; every other line as it was. */
export function withoutBlock(crontab: string, profile: string): { readonly text: string; readonly block?: readonly string[] } {
  const lines = crontab.split('\n');
  const begin = lines.findIndex((line) => line.trim() === blockBegin(profile));
  if (begin < 0) return { text: crontab };
  const end = lines.findIndex((line, at) => at > begin && line.trim() === blockEnd(profile));
  if (end < 0) throw new NbError(`The crontab has "${blockBegin(profile)}" but no "${blockEnd(profile)}".`, 'Fix or delete those lines with `crontab -e`, then try again.', 'schedule');
  const rest = withoutBlock([...lines.slice(0, begin), ...lines.slice(end + 1)].join('\n'), profile);
  return { text: rest.text, block: lines.slice(begin + 1, end) };
}

/** The crontab with this profile's block replaced (or added at the end). */
export function withBlock(crontab: string, profile: string, block: readonly string[]): string {
  const kept = withoutBlock(crontab, profile).text;
  const head = kept === '' || kept.endsWith('\n') ? kept : `${kept}\n`;
  return `${head}${block.join('\n')}\n`;
}

/** For the README and the TUI when there is no scheduler to write to: what to add by hand. */
export function manualInstructions(profile: string, schedule: Schedule, run: RunCommand): string {
  const unit = unitName(profile);
  return [
    `To run profile ${profile} ${describeSchedule(schedule)}, add one of these by hand.`,
    '',
    'cron: run `crontab -e` and add this line:',
    crontabLine(schedule, run),
    '',
    `systemd: save these two files in /etc/systemd/system/ (or ~/.config/systemd/user/ for a user timer),`,
    `then run \`systemctl daemon-reload\` and \`systemctl enable --now ${unit}.timer\` (with --user for a user timer).`,
    '',
    `${unit}.service:`,
    serviceText(profile, run),
    `${unit}.timer:`,
    timerText(profile, schedule),
  ].join('\n');
}
