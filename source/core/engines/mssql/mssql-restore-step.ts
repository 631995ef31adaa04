import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ServerTarget } from '../../db/db-target.js';
import { NbError } from '../../errors.js';
import type { ManifestItem } from '../../set/manifest.js';
import { engineOptions } from '../engine-options.js';
import { sideName, type AppliedStep, type RestoreStep, type StepContext } from '../restore-step.js';
import { checkPlaceable, placeForServer } from '../server-side-file.js';
import { DEFAULT_MSSQL_BACKUP_DIR } from './mssql-dump.js';
import { movesFor, readFileList, restoreStatement, type ServerFolders } from './mssql-file-list.js';
import { quoteName, quoteString, sqlcmd, type Sqlcmd } from './sqlcmd.js';

/** The access modes a database can be in; the live one gets its own back when it is kept aside. */
const ACCESS = ['MULTI_USER', 'RESTRICTED_USER', 'SINGLE_USER'];

/**
 * SQL Server: the .bak is placed where the server reads, restored into a fresh database WITH MOVE and
 * CHECKSUM, and swapped in by renames (the live one set SINGLE_USER first, which ends stragglers'
 * sessions). Undo is the renames backwards; commit drops the database kept aside.
 */
export function mssqlStep(entry: ManifestItem, target: ServerTarget): RestoreStep {
  return {
    entry,
    async apply(ctx: StepContext): Promise<AppliedStep> {
      const folder = (await engineOptions(ctx.options)).mssqlBackupDir ?? DEFAULT_MSSQL_BACKUP_DIR;
      await checkPlaceable(folder, 'mssqlBackupDir', 'SQL Server');
      const sql = await sqlcmd(target, ctx.tools);
      const live = target.database;
      const fresh = sideName(live, 'nbr', ctx.stamp);
      const old = sideName(live, 'nbold', ctx.stamp);
      const { folders, access } = await serverFacts(sql, live);
      const token = `nbbackup_${ctx.stamp}_${randomBytes(3).toString('hex')}`;
      // The long RESTORE stops on an interrupt; the renames after it always run to their end.
      const moves = await restoreFresh(sql, await sqlcmd(target, ctx.tools, ctx.signal), entry, ctx, folder, fresh, folders, token);

      const set = (db: string, mode: string) => sql.exec(`ALTER DATABASE ${quoteName(db)} SET ${mode}${mode === 'MULTI_USER' ? '' : ' WITH ROLLBACK IMMEDIATE'}`);
      const rename = (from: string, to: string) => sql.exec(`ALTER DATABASE ${quoteName(from)} MODIFY NAME = ${quoteName(to)}`);
      const drop = (db: string) => sql.exec(`DROP DATABASE IF EXISTS ${quoteName(db)}`);
      try {
        await inOrder([
          { run: () => set(live, 'SINGLE_USER'), back: () => set(live, access) },
          { run: () => rename(live, old), back: () => rename(old, live) },
          { run: () => rename(fresh, live), back: () => rename(live, fresh) },
          // The kept copy is exactly the database as it was, name aside, so undo is renames alone.
          { run: () => set(old, access), back: async () => undefined },
        ]);
      } catch (error) {
        await drop(fresh).catch(() => undefined);
        throw error;
      }
      return {
        notes: [`${live}'s files are now ${moves.map((m) => m.physical).join(', ')}`],
        undo: async () => {
          await set(live, 'SINGLE_USER');
          await rename(live, fresh);
          await rename(old, live);
          await drop(fresh);
        },
        commit: async () => {
          await set(old, 'SINGLE_USER');
          await drop(old);
          return undefined;
        },
      };
    },
  };
}

/** The server's default folders for new files, and the live database's access mode (it must exist). */
async function serverFacts(sql: Sqlcmd, live: string): Promise<{ folders: ServerFolders; access: string }> {
  const [row] = await sql.rows(`SELECT SERVERPROPERTY('InstanceDefaultDataPath'), SERVERPROPERTY('InstanceDefaultLogPath'), (SELECT user_access_desc FROM sys.databases WHERE name = ${quoteString(live)})`);
  const [data, log, access] = row ?? [];
  if (!data || data === 'NULL' || !log || log === 'NULL') throw new NbError('SQL Server does not report its default data folder', 'SQL Server 2012 or newer is needed; older ones: restore by hand WITH MOVE');
  if (!access || access === 'NULL') throw new NbError(`database ${live} does not exist on the server`, 'create it (empty) first, or fix the data source settings');
  if (!ACCESS.includes(access)) throw new NbError(`database ${live} is in an unknown access mode (${access})`);
  return { folders: { data, log }, access };
}

/** Places the .bak, reads its file list, restores it as `fresh`; the placed file is removed whatever happens. */
async function restoreFresh(sql: Sqlcmd, forward: Sqlcmd, entry: ManifestItem, ctx: StepContext, folder: string, fresh: string, folders: ServerFolders, token: string) {
  const placed = await placeForServer(path.join(ctx.setDir, entry.file ?? ''), entry.compression ?? 'none', folder, `nbrestore-${ctx.stamp}-${randomBytes(6).toString('hex')}.bak`, ctx.tools, ctx.unlock);
  try {
    const moves = movesFor(await readFileList(sql, placed.file), folders, token);
    try {
      await forward.exec(restoreStatement(fresh, placed.file, moves));
    } catch (error) {
      await sql.exec(`DROP DATABASE IF EXISTS ${quoteName(fresh)}`).catch(() => undefined);
      throw error;
    }
    return moves;
  } finally {
    await placed.remove();
  }
}

interface Move {
  run(): Promise<void>;
  back(): Promise<void>;
}

/** Runs each move; when one fails, takes the finished ones back, last first, and rethrows. */
async function inOrder(moves: readonly Move[]): Promise<void> {
  const done: Move[] = [];
  try {
    for (const move of moves) {
      await move.run();
      done.push(move);
    }
  } catch (error) {
    for (const move of done.reverse()) await move.back().catch(() => undefined);
    throw error;
  }
}
