import { rm } from 'node:fs/promises';
import type { PgFlavour } from '../postgres/pg-restore-step.js';
import { KINGBASE_HINT } from './kingbase-dump.js';
import { writeKbpass } from './kbpass.js';

/**
 * KingbaseES restores exactly as PostgreSQL does (a fresh database swapped in by renames, or a schema
 * renamed aside), through its renamed pg_restore/pg_dump builds. The admin connections (create, rename,
 * drop, terminate stragglers) go through the pg driver and query pg_database, pg_stat_activity,
 * pg_terminate_backend and pg_encoding_to_char: they exist in KingbaseES's PostgreSQL-compatible mode
 * (beside its sys_* names), which is the mode NocoBase itself needs to run its postgres dialect there.
 */
export const KINGBASE_FLAVOUR: PgFlavour = {
  restoreTools: ['sys_restore'],
  dumpTools: ['sys_dump'],
  hint: KINGBASE_HINT,
  // initdb of KingbaseES creates template0, template1, security and test; its manual names `test` as the
  // default database for users and tools; it makes no `postgres` database.
  adminDatabase: 'test',
  // The login only in $HOME/.kbpass of a private HOME, never argv. Its database field is `*`: the same
  // login restores into the fresh database and dumps the kept sub-app schemas from the live one.
  env: async (target, privateDir) => ({ HOME: await writeKbpass(privateDir, target) }),
  release: (env) => rm(env.HOME, { recursive: true, force: true }),
};
