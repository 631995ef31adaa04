import type { ServerTarget } from '../db/db-target.js';
import { using } from '../db/sql-client.js';
import { errorLine } from '../errors.js';
import { engineModule } from '../engines/registry.js';
import type { Item } from '../inventory/item.js';
import type { ToolFinder } from '../process/tool-finder.js';

// Views, routines, triggers and events of MySQL and MariaDB run as their DEFINER account. A dump
// carries those accounts by name: on another server they may not exist (the objects then fail when
// used), and a login without SUPER / SET USER cannot create objects for another account at all. The
// near side lists them; the far side says which exist there.

/** `user@host` as information_schema writes DEFINER. */
export type Definer = string;

const DEFINERS_SQL = `select definer from information_schema.views where table_schema = ?
  union select definer from information_schema.routines where routine_schema = ?
  union select definer from information_schema.triggers where trigger_schema = ?
  union select definer from information_schema.events where event_schema = ?`;

/** DEFINERs per item sent to be checked there (the far login shell takes ~128 KiB per argument). */
const MAX_DEFINERS = 100;

const isMysqlFamily = (item: Item) => item.kind === 'database' && (item.engine === 'mysql' || item.engine === 'mariadb') && item.target?.engine !== 'sqlite';

/** The DEFINER accounts of each MySQL/MariaDB item here; an item that cannot be asked is left out. */
export async function definersOf(items: readonly Item[], tools: ToolFinder): Promise<Record<string, Definer[]>> {
  const found: Record<string, Definer[]> = {};
  await Promise.all(
    items.filter(isMysqlFamily).map(async (item) => {
      const target = (item as Item & { target: ServerTarget }).target;
      const rows = await using(engineModule(target.engine).connect(target, { tools }), (c) => c.rows<{ definer: string }>(DEFINERS_SQL, [target.database, target.database, target.database, target.database])).catch(() => undefined);
      // They travel in one argument there: an account name is at most 80+255 characters, and a
      // database with hundreds of distinct DEFINERs is reported by its first ones.
      const names = [...new Set((rows ?? []).map((r) => String(r.definer)).filter((d) => d && d.length <= 400))].sort().slice(0, MAX_DEFINERS);
      if (names.length) found[item.id] = names;
    }),
  );
  return found;
}

export interface DefinerCheck {
  readonly definer: Definer;
  /** Undefined when the far login may not read mysql.user and is not that account itself. */
  readonly exists?: boolean;
}

/** Whether each definer exists on the far item's server, as far as its own login can tell. */
export async function checkDefiners(item: Item, definers: readonly Definer[], tools: ToolFinder): Promise<DefinerCheck[] | string> {
  if (!isMysqlFamily(item)) return 'not a MySQL or MariaDB database there';
  const target = (item as Item & { target: ServerTarget }).target;
  try {
    return await using(engineModule(target.engine).connect(target, { tools }), async (c) => {
      const [{ me }] = await c.rows<{ me: string }>('select current_user() as me');
      return Promise.all(
        definers.map(async (definer) => {
          if (definer === me) return { definer, exists: true };
          const at = definer.lastIndexOf('@');
          const rows = await c.rows<{ n: number }>('select count(*) as n from mysql.user where user = ? and host = ?', [definer.slice(0, at), definer.slice(at + 1)]).catch(() => undefined);
          return { definer, exists: rows ? Number(rows[0]?.n) > 0 : undefined };
        }),
      );
    });
  } catch (error) {
    return errorLine(error);
  }
}
