import { execa } from '../../process/lazy-execa.js';
import type { ServerTarget } from '../../db/db-target.js';
import { NbError } from '../../errors.js';
import { toolCommand } from '../../process/spawn-tool.js';
import type { ToolFinder } from '../../process/tool-finder.js';
import { ORACLE_HINT } from './oracle-dump.js';
import { oracleLogin, oracleLoginProblem } from './oracle-login.js';

/** Printed last: output without it means SQL*Plus never ran the script through (a failed CONNECT, say). */
const DONE = "SELECT 'nbbackup:' || 'done' FROM dual;";

/**
 * Runs a script through `sqlplus -S /nolog`, the CONNECT line on stdin — never argv. DEFINE is off, so
 * an `&` in the password is not a substitution variable; any SQL error ends the run with a failure.
 */
export async function runSqlplus(target: ServerTarget, tools: ToolFinder, body: string): Promise<string[]> {
  const problem = oracleLoginProblem(target);
  if (problem) throw new NbError(problem, undefined, 'unsupported');
  const tool = await tools.first(['sqlplus']);
  if (!tool) throw new NbError('sqlplus not found on this machine', ORACLE_HINT, 'missing-tool');
  const script = [
    'SET DEFINE OFF',
    'SET ECHO OFF FEEDBACK OFF HEADING OFF PAGESIZE 0 LINESIZE 512 TRIMOUT ON',
    'WHENEVER OSERROR EXIT FAILURE',
    'WHENEVER SQLERROR EXIT FAILURE',
    `CONNECT ${oracleLogin(target)}`,
    body.trim(),
    DONE,
    'EXIT',
    '',
  ].join('\n');
  const result = await execa(...toolCommand(tool, ['-S', '/nolog']), { input: script, reject: false, all: true, detached: true });
  const lines = String(result.all ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (result.exitCode !== 0 || !lines.includes('nbbackup:done')) {
    const error = lines.find((l) => /^(ORA|SP2|PLS)-\d+/.test(l)) ?? lines[0] ?? `sqlplus exit ${result.exitCode}`;
    throw new NbError(`Oracle: ${error}`, /ORA-01017/.test(error) ? 'check the user and password of the data source' : undefined);
  }
  return lines.filter((l) => l !== 'nbbackup:done');
}

/**
 * Drops every object the login owns, tables first (CASCADE CONSTRAINTS PURGE takes their indexes, LOBs,
 * triggers and identity sequences along; those then answer "does not exist" and are passed over), then
 * lists whatever is left, so an object this cannot drop is named instead of silently kept.
 */
export const EMPTY_SCHEMA = `
BEGIN
  FOR j IN (SELECT job_name FROM user_scheduler_jobs) LOOP
    DBMS_SCHEDULER.DROP_JOB('"' || j.job_name || '"', force => TRUE);
  END LOOP;
  FOR m IN (SELECT mview_name FROM user_mviews) LOOP
    EXECUTE IMMEDIATE 'DROP MATERIALIZED VIEW "' || m.mview_name || '"';
  END LOOP;
  FOR o IN (SELECT object_name, object_type FROM user_objects
             WHERE object_type IN ('TABLE', 'VIEW', 'SEQUENCE', 'SYNONYM', 'PROCEDURE', 'FUNCTION', 'PACKAGE', 'TYPE', 'TRIGGER', 'DATABASE LINK')
               AND object_name NOT LIKE 'BIN$%'
             ORDER BY DECODE(object_type, 'TABLE', 1, 'TYPE', 3, 2)) LOOP
    BEGIN
      EXECUTE IMMEDIATE 'DROP ' || o.object_type || ' "' || o.object_name || '"'
        || CASE o.object_type WHEN 'TABLE' THEN ' CASCADE CONSTRAINTS PURGE' WHEN 'TYPE' THEN ' FORCE' ELSE '' END;
    EXCEPTION WHEN OTHERS THEN
      IF SQLCODE NOT IN (-942, -2289, -4043, -4080, -1434, -22914, -32794) THEN RAISE; END IF;
    END;
  END LOOP;
END;
/
SELECT 'left:' || object_type || ' ' || object_name FROM user_objects WHERE object_name NOT LIKE 'BIN$%';`;

/** Empties the login's own schema; throws naming what could not be dropped. */
export async function emptySchema(target: ServerTarget, tools: ToolFinder): Promise<void> {
  const left = (await runSqlplus(target, tools, EMPTY_SCHEMA)).filter((l) => l.startsWith('left:'));
  if (left.length) throw new NbError(`could not empty schema ${target.user.toUpperCase()}: ${left.slice(0, 3).map((l) => l.slice(5)).join(', ')} remain${left.length > 3 ? ` (and ${left.length - 3} more)` : ''}`, 'drop them by hand, then restore again');
}
