import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { NbError } from '../../errors.js';
import type { ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { toolInfo } from '../../process/tool-version.js';
import type { DumpSpec } from '../../stream/dump-spec.js';
import type { DumpRequest } from '../engine.js';

import { pgDumpArgs } from '../postgres/pg-dump.js';

export const KINGBASE_HINT = "install KingbaseES client tools (sys_dump, sys_restore) from the vendor's package and put them on PATH";

/**
 * KingbaseES's sys_dump takes pg_dump's options. Its password comes from `~/.kbpass`
 * (host:port:database:user:password, KingbaseES's documented password file), written to a private
 * HOME for this one run.
 */
export async function kingbasePrepareDump({ item: anyItem, tools, workDir }: DumpRequest): Promise<DumpSpec> {
  const item = anyItem as DatabaseItem;
  const target = item.target as ServerTarget;
  const tool = await tools.first(['sys_dump']);
  if (!tool) throw new NbError('sys_dump not found on this machine', KINGBASE_HINT, 'missing-tool');
  const home = await writeKbpass(workDir, target);
  return {
    file: tool,
    args: pgDumpArgs(target, { onlySchema: item.group === 'subapp' ? target.schema : undefined, excludeSchemas: item.excludeSchemas ?? [] }),
    env: { HOME: home },
    format: 'kingbase-custom',
    extension: 'kbdump',
    tool: 'sys_dump',
    toolVersion: (await toolInfo(tool)).versionText,
    currentObject: (line) => /dumping contents of table "?([^"]+)"?/.exec(line)?.[1],
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
}

/** `.kbpass` line: `:` and `\` escaped with a backslash, as in .pgpass; `*` matches any database. */
export function kbpassLine(target: ServerTarget, database: string = target.database): string {
  const esc = (v: string | number) => String(v).replace(/\\/g, '\\\\').replace(/:/g, '\\:');
  return [esc(target.host), esc(target.port), database === '*' ? '*' : esc(database), esc(target.user), esc(target.password)].join(':');
}

/** A private HOME (0700) holding only `.kbpass` (0600); the caller removes the folder once the tool is done. */
export async function writeKbpass(workDir: string, target: ServerTarget, database: string = target.database): Promise<string> {
  const home = path.join(workDir, `kbhome-${randomBytes(6).toString('hex')}`);
  await mkdir(home, { mode: 0o700 });
  await writeFile(path.join(home, '.kbpass'), `${kbpassLine(target, database)}\n`, { mode: 0o600 });
  return home;
}
