// What the expdp, impdp and sqlplus stand-ins share: the "server" (schemas as JSON files in
// NBTEST_ORACLE_STATE/schemas, DATA_PUMP_DIR as the folder NBTEST_ORACLE_DUMP_DIR), the login check
// (password NBTEST_ORACLE_PASSWORD), argv logging, and failures on a trigger: NBTEST_ORACLE_FAIL=tool#n
// makes the n-th call of that tool fail halfway.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const state = process.env.NBTEST_ORACLE_STATE;
if (!state) { console.error('oracle stand-in: NBTEST_ORACLE_STATE is not set'); process.exit(2); }
mkdirSync(path.join(state, 'schemas'), { recursive: true });

export function logArgv(tool, argv) {
  appendFileSync(path.join(state, 'argv.log'), `${JSON.stringify({ tool, argv })}\n`);
}

/**
 * Counts this call of `tool`; true when NBTEST_ORACLE_FAIL names this very call. The count is replaced
 * in one rename: two exports of a safety copy run at once, and one must never read the other's
 * half-written file (it did, under load, and failed the safety copy).
 */
export function failsNow(tool) {
  const file = path.join(state, 'calls.json');
  const calls = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  calls[tool] = (calls[tool] ?? 0) + 1;
  writeFileSync(`${file}.${process.pid}`, JSON.stringify(calls));
  renameSync(`${file}.${process.pid}`, file);
  return process.env.NBTEST_ORACLE_FAIL === `${tool}#${calls[tool]}`;
}

const schemaFile = (name) => path.join(state, 'schemas', `${name}.json`);
export const loadSchema = (name) => JSON.parse(readFileSync(schemaFile(name), 'utf8'));
export const saveSchema = (name, schema) => writeFileSync(schemaFile(name), JSON.stringify(schema, null, 1));

/** `user/"password"@//host:port/service`: the user upper-cased as Oracle does; a wrong login is ORA-01017. */
export function login(text) {
  const m = /^([A-Za-z][\w$#]*)\/"([^"]*)"@\/\/([\w.-]+|\[[\da-fA-F:.]+\]):(\d+)\/([\w.$#-]+)$/.exec(text);
  if (!m) return { error: `ORA-12154: TNS:could not resolve the connect identifier specified (${text.replace(/"[^"]*"/, '"…"')})` };
  const user = m[1].toUpperCase();
  if (m[2] !== process.env.NBTEST_ORACLE_PASSWORD || !existsSync(schemaFile(user))) return { error: 'ORA-01017: invalid username/password; logon denied' };
  return { user };
}

/**
 * A Data Pump parameter file: one `name=value` a line, only the names given. Refusing one that others
 * may read checks nbbackup's own promise (0600), not Oracle's behaviour.
 */
export function readParfile(argv, allowed) {
  const fail = (msg) => { console.log(msg); process.exit(1); };
  if (argv.length !== 1 || !argv[0].startsWith('parfile=')) fail(`LRM-00101: unknown parameter name '${argv.join(' ')}' (nbbackup passes parfile= alone)`);
  const file = argv[0].slice('parfile='.length);
  if ((statSync(file).mode & 0o077) !== 0) fail(`nbtest: parameter file ${file} is readable by others`);
  const params = {};
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const eq = line.indexOf('=');
    const name = line.slice(0, eq).toLowerCase();
    if (eq < 1 || !allowed.includes(name) || name in params) fail(`LRM-00101: unknown parameter name '${line.slice(0, eq > 0 ? eq : undefined)}'`);
    params[name] = line.slice(eq + 1);
  }
  for (const name of allowed) if (!(name in params)) fail(`nbtest: nbbackup always passes ${name}=`);
  if (params.directory !== 'DATA_PUMP_DIR') fail(`ORA-39087: directory name ${params.directory} is invalid`);
  const who = login(params.userid);
  if (who.error) fail(`UDE-01017: operation generated ORACLE error 1017\n${who.error}`);
  return { ...params, user: who.user, dir: process.env.NBTEST_ORACLE_DUMP_DIR };
}

/** The stand-in's dump file: a header line, then the schema's objects. */
export const DUMP_HEADER = 'NBTEST-DATAPUMP';
