import { stat } from 'node:fs/promises';
import type { DbTarget, SqliteTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import type { EngineModule, EngineTools, ProbeResult, VerifyRequest } from '../engine.js';
import { dumpEnds } from '../read-back.js';
import { sqliteClient } from './sqlite-cli-client.js';
import { SQLITE_HINT, sqlitePrepareDump } from './sqlite-dump.js';
import { sqliteStep } from './sqlite-restore-step.js';
import { sqliteWasmClient } from './sqlite-wasm.js';

const TOOLS: EngineTools = { dump: ['sqlite3'], restore: [], hint: SQLITE_HINT };

/** SQLite: an online-backup copy of the file, swapped in by renames. */
export const sqliteEngine: EngineModule = {
  name: 'sqlite',
  engines: ['sqlite'],
  formats: ['sqlite'],
  tools: () => TOOLS,
  probe: (target) => sqliteProbe(target as SqliteTarget),
  async connect(target: DbTarget, ctx) {
    const file = (target as SqliteTarget).file;
    const sqlite3 = await ctx.tools.first(['sqlite3']);
    return sqlite3 ? sqliteClient(file, sqlite3) : sqliteWasmClient(file);
  },
  prepareDump: sqlitePrepareDump,
  verifyDump: sqliteVerify,
  restoreBlocker: () => undefined,
  restoreStep: ({ entry, item }) => sqliteStep(entry, (item as DatabaseItem).target as SqliteTarget),
  rightsCheck: async () => undefined,
  cannot: { rightsCheck: 'a SQLite file has no logins: the restore replaces it by renames in its own folder' },
};

/** The file and its write-ahead log; without the CLI the dump copies only files nothing has open, and says so. */
async function sqliteProbe(target: SqliteTarget): Promise<ProbeResult> {
  const main = await stat(target.file).catch(() => undefined);
  if (!main?.isFile()) return { verdict: { status: 'not-found', reason: `SQLite file ${target.file} does not exist`, hint: 'check DB_STORAGE' } };
  const wal = await stat(`${target.file}-wal`).catch(() => undefined);
  return { sizeBytes: main.size + (wal?.size ?? 0) };
}

async function sqliteVerify(request: VerifyRequest): Promise<void> {
  const { head } = await dumpEnds(request);
  if (!head.startsWith('SQLite format 3\u0000')) throw new Error('not a SQLite database file');
}
