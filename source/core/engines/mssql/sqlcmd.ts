import { execa } from '../../process/lazy-execa.js';
import type { ServerTarget } from '../../db/db-target.js';
import { NbError } from '../../errors.js';
import { toolCommand } from '../../process/spawn-tool.js';
import type { ToolFinder } from '../../process/tool-finder.js';

export const MSSQL_HINT = "install Microsoft's mssql-tools18 (sqlcmd) and put it on PATH";

/**
 * Every statement nbbackup sends SQL Server goes through `sqlcmd -Q`, the password in SQLCMDPASSWORD.
 * Names come from the app's data and are hostile input: identifiers are bracket-quoted, strings N'…'
 * quoted, `-x` turns sqlcmd's `$(var)` substitution off, and nothing from the data is ever an option.
 */
export const quoteName = (name: string): string => `[${name.replace(/]/g, ']]')}]`;
export const quoteString = (value: string): string => `N'${value.replace(/'/g, "''")}'`;

/** Why this login cannot be handed to sqlcmd safely, if it cannot. */
export function mssqlLoginProblem(target: ServerTarget): string | undefined {
  // A line break would end sqlcmd's batch mid-statement; a leading dash would read as an option.
  const bad = [target.host, target.user, target.database].find((v) => /[\u0000-\u001f\u007f]/.test(v));
  if (bad !== undefined) return `the SQL Server settings hold a control character (${JSON.stringify(bad)}): fix the data source settings`;
  if (target.user.startsWith('-') || target.host.startsWith('-')) return `the SQL Server login ${JSON.stringify(target.user)} on ${JSON.stringify(target.host)} would read as a sqlcmd option`;
  if (!target.database) return 'the SQL Server data source names no database';
  return undefined;
}

/** The fixed part of every call: server, login, `master`, stop on the first error (-b), no variables (-x). */
export function sqlcmdBase(target: ServerTarget): string[] {
  return [
    '-S', `tcp:${target.host},${target.port}`,
    '-U', target.user,
    '-d', 'master',
    '-b', // exit non-zero on a SQL error
    '-C', // trust the server certificate, as NocoBase's own driver does by default
    '-x', // no $(variable) substitution: names may contain "$("
  ];
}

/** Rows without headers, `|` between columns, trailing blanks trimmed. */
const ROWS = ['-h', '-1', '-W', '-s', '|'];

export interface Sqlcmd {
  /** Runs one statement; throws with SQL Server's own message. */
  exec(statement: string): Promise<void>;
  /** Runs one SELECT; each output line split on `|`. */
  rows(query: string): Promise<string[][]>;
}

/** `signal` stops a statement midway (an interrupt): give it only to work that an undo takes back. */
export async function sqlcmd(target: ServerTarget, tools: ToolFinder, signal?: AbortSignal): Promise<Sqlcmd> {
  const problem = mssqlLoginProblem(target);
  if (problem) throw new NbError(problem, undefined, 'unsupported');
  const tool = await tools.first(['sqlcmd']);
  if (!tool) throw new NbError('sqlcmd not found on this machine', MSSQL_HINT, 'missing-tool');
  const run = async (extra: string[], text: string): Promise<string> => {
    // Its own process group, killed with nbbackup: a rename nbbackup did not see end must not run on unattended.
    const result = await execa(...toolCommand(tool, [...sqlcmdBase(target), ...extra, '-Q', text]), { env: { SQLCMDPASSWORD: target.password }, reject: false, stdin: 'ignore', cancelSignal: signal, detached: true });
    if (result.failed) throw new NbError(`SQL Server: ${serverMessage(`${result.stdout}\n${result.stderr}`) ?? `sqlcmd exit ${result.exitCode}`}`, hintFor(`${result.stdout}\n${result.stderr}`));
    return String(result.stdout);
  };
  return {
    exec: async (statement) => void (await run([], statement)),
    rows: async (query) =>
      (await run(ROWS, `SET NOCOUNT ON; ${query}`))
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line) => line.split('|')),
  };
}

/** sqlcmd prints "Msg N, Level L, State S, …" then the text; 3013 only says the statement ended abnormally. */
export function serverMessage(output: string): string | undefined {
  const lines = output.split(/\r?\n/);
  const messages = lines.flatMap((line, i) => (/^Msg \d+, Level \d+/.test(line) && lines[i + 1] ? [{ code: Number(/^Msg (\d+)/.exec(line)?.[1]), text: lines[i + 1].trim() }] : []));
  const telling = messages.find((m) => m.code !== 3013) ?? messages[0];
  return telling?.text ?? lines.find((l) => /error|failed/i.test(l))?.trim();
}

function hintFor(output: string): string | undefined {
  if (/Login failed/i.test(output)) return 'check the user and password of the data source';
  if (/Operating system error 5|Access is denied/i.test(output)) return 'the server cannot read the folder nbbackup placed the file in: give its service account access to mssqlBackupDir';
  return undefined;
}
