import { readFileSync } from 'node:fs';
import { constants } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { makeFolder } from '../process/make-folder.js';
import { profileDir } from '../settings/profile-store.js';

/**
 * What a profile remembers between runs, in its own folder: the last run's result (shown in the TUI
 * and `nbbackup profiles`) and a plain run log with a line per step, for the operator cron mails nothing to.
 */
export interface ProfileRun {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly result: 'success' | 'failure' | 'interrupted' | 'refused';
  readonly set?: string;
  readonly bytes?: number;
  /** One line: "3 items, verified" or the reason it failed. */
  readonly detail: string;
}

const LAST_RUN = 'last-run.json';
export const RUN_LOG = 'run.log';
/** Past this the log moves to run.log.1 (one generation kept): a nightly run writes a few kB. */
const LOG_LIMIT = 1024 * 1024;

/** Read at once (a few hundred bytes): the Profiles screen draws its rows in its first frame. */
export function readProfileRun(name: string): ProfileRun | undefined {
  try {
    const run = JSON.parse(readFileSync(path.join(profileDir(name), LAST_RUN), 'utf8')) as ProfileRun;
    return typeof run?.finishedAt === 'string' && typeof run.result === 'string' ? run : undefined;
  } catch {
    return undefined;
  }
}

export async function writeProfileRun(name: string, run: ProfileRun): Promise<void> {
  const dir = profileDir(name);
  await makeFolder(dir);
  const partial = path.join(dir, `${LAST_RUN}.partial`);
  // Never through a link someone left in the folder: the partial is made new ('wx'), then renamed over.
  await rm(partial, { force: true });
  const handle = await open(partial, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(run, null, 2)}\n`);
  } finally {
    await handle.close();
  }
  await rename(partial, path.join(dir, LAST_RUN));
}

export interface RunLog {
  readonly file: string;
  /** Appends one timestamped line; a log that cannot be written never fails the run. */
  write(line: string): Promise<void>;
}

export async function openRunLog(name: string): Promise<RunLog> {
  const dir = profileDir(name);
  await makeFolder(dir);
  const file = path.join(dir, RUN_LOG);
  const size = await stat(file).then((s) => s.size, () => 0);
  if (size > LOG_LIMIT) await rename(file, `${file}.1`).catch(() => undefined);
  let chain = Promise.resolve();
  return {
    file,
    write(line) {
      const text = line.split(/\r?\n/).map((l) => `${new Date().toISOString()} ${l}\n`).join('');
      chain = chain.then(() => appendLine(file, text).catch(() => undefined));
      return chain;
    },
  };
}

/** Appends without following a link at the log's name (O_NOFOLLOW): the log writes only its own file. */
async function appendLine(file: string, text: string): Promise<void> {
  const handle = await open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  try {
    await handle.write(text);
  } finally {
    await handle.close();
  }
}
