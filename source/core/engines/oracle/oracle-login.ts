import type { ServerTarget } from '../../db/db-target.js';

/**
 * An Oracle login is written into Data Pump parameter files and SQL*Plus CONNECT lines, both read line
 * by line: a value from the app's data holding a line break, a quote or a space could add parameters or
 * SQL*Plus commands of its own. Only what Oracle itself allows in each field passes.
 */
export function oracleLoginProblem(t: ServerTarget): string | undefined {
  // Unquoted, so Oracle upper-cases it as NocoBase's driver does; schema names follow the user.
  if (!/^[A-Za-z][\w$#]{0,127}$/.test(t.user)) return `the Oracle user ${JSON.stringify(t.user)} is not a plain Oracle name: use expdp and impdp by hand`;
  // Oracle passwords cannot contain a double quote; inside one, anything else but a line break is literal.
  if (!t.password || /["\u0000-\u001f\u007f]/.test(t.password)) return 'the Oracle password is empty or holds a double quote or a control character, which Oracle passwords cannot';
  if (!/^([\w.-]+|\[[\da-fA-F:.]+\])$/.test(t.host)) return `the Oracle host ${JSON.stringify(t.host)} is not a host name or address`;
  if (!/^[\w.$#-]+$/.test(t.database)) return `the Oracle service name ${JSON.stringify(t.database)} is not a plain service name`;
  return undefined;
}

/** `user/"password"@//host:port/service` (EZConnect): the password quoted so that spaces and symbols stay in it. */
export function oracleLogin(t: ServerTarget): string {
  return `${t.user}/"${t.password}"@//${t.host}:${t.port}/${t.database}`;
}

/** NocoBase's Oracle sources live in the login's own schema. */
export function oracleSchema(t: ServerTarget): string {
  return (t.schema || t.user).toUpperCase();
}
