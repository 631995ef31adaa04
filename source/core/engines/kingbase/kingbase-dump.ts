import { rm } from 'node:fs/promises';
import { NbError } from '../../errors.js';
import type { ServerTarget } from '../../db/db-target.js';
import type { DatabaseItem } from '../../inventory/item.js';
import { toolInfo } from '../../process/tool-version.js';
import type { DumpSpec } from '../../stream/dump-spec.js';
import type { DumpRequest } from '../engine.js';

import { pgDumpArgs } from '../postgres/pg-dump.js';
import { kbpassProblem, writeKbpass } from './kbpass.js';

export const KINGBASE_HINT = "install KingbaseES client tools (sys_dump, sys_restore) from the vendor's package and put them on PATH";

/**
 * KingbaseES's sys_dump takes pg_dump's options. Its password comes from `~/.kbpass`
 * (KingbaseES's documented password file), written to a private HOME for this one run.
 */
export async function kingbasePrepareDump({ item: anyItem, tools, workDir }: DumpRequest): Promise<DumpSpec> {
  const item = anyItem as DatabaseItem;
  const target = item.target as ServerTarget;
  const tool = await tools.first(['sys_dump']);
  if (!tool) throw new NbError('sys_dump not found on this machine', KINGBASE_HINT, 'missing-tool');
  const problem = kbpassProblem(target);
  if (problem) throw new NbError(problem, undefined, 'unsupported');
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
