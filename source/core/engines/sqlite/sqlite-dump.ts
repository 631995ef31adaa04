import { stat } from 'node:fs/promises';
import path from 'node:path';
import { NbError } from '../../errors.js';
import type { SqliteTarget } from '../../db/db-target.js';
import { heldOpen } from '../../process/open-files.js';
import { copySqliteFile } from './sqlite-wasm.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { toolInfo } from '../../process/tool-version.js';
import type { DumpSpec } from '../../stream/dump-spec.js';
import type { DumpRequest } from '../engine.js';

export const SQLITE_HINT = 'install sqlite3: apt-get install sqlite3';

/**
 * SQLite's online backup API (`.backup` in the sqlite3 CLI): a consistent copy even while the app
 * writes; never a raw file copy. Without the CLI, SQLite-in-WebAssembly copies a file that provably
 * nothing has open (we can see every process: root), and refuses otherwise.
 */
export async function sqlitePrepareDump({ item: anyItem, tools, scratchDir }: DumpRequest): Promise<DumpSpec> {
  const item = anyItem as DatabaseItem;
  const target = item.target as SqliteTarget;
  const out = path.join(scratchDir, `${item.id.replace(/[^\w.-]+/g, '_')}.sqlite.tmp`);
  const sqlite3 = await tools.first(['sqlite3']);
  if (sqlite3) {
    return {
      file: sqlite3,
      args: ['-readonly', target.file, `.backup "${out.replace(/"/g, '\\"')}"`],
      env: {},
      writesFile: out,
      format: 'sqlite',
      extension: 'sqlite',
      tool: 'sqlite3',
      toolVersion: (await toolInfo(sqlite3)).versionText,
    };
  }
  await assertIdle(target.file);
  return {
    file: '',
    args: [],
    env: {},
    produce: () => copySqliteFile(target.file, out),
    writesFile: out,
    format: 'sqlite',
    extension: 'sqlite',
    tool: 'sql.js',
    toolVersion: 'SQLite (WebAssembly)',
  };
}

/**
 * We can vouch that nothing writes the file when we see every process (root), or when only our own
 * user can write it (owned by us, not group/other-writable) and we see all of our own processes.
 */
async function canSeeEveryWriter(file: string): Promise<boolean> {
  if (process.getuid?.() === 0) return true;
  const uid = process.getuid?.();
  for (const p of [file, path.dirname(file)]) {
    const s = await stat(p).catch(() => undefined);
    if (!s || s.uid !== uid || (s.mode & 0o022) !== 0) return false;
  }
  return true;
}

async function assertIdle(file: string): Promise<void> {
  const seeAll = await canSeeEveryWriter(file);
  const journals = [file, `${file}-wal`, `${file}-journal`];
  const walLeft = await stat(`${file}-wal`).then((s) => s.size > 0, () => false);
  if (!seeAll || walLeft || (await heldOpen(journals))) {
    throw new NbError(
      seeAll ? `${path.basename(file)} is in use and sqlite3 is not installed for an online backup` : 'sqlite3 not found on this machine',
      SQLITE_HINT,
      'missing-tool',
    );
  }
}
