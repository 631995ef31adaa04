import pLimit from 'p-limit';
import { readAppRecords, type AppRecords } from '../inventory/app-records.js';
import { mainTarget, namingSettings, routeThroughCompose } from '../inventory/app-settings.js';
import { dataSourceTarget, isDumpableType, notDumpableReason } from '../inventory/data-source-target.js';
import type { DbTarget } from '../db/db-target.js';
import { EnvVariables } from '../inventory/env-variables.js';
import { errorHint, errorLine } from '../errors.js';
import type { Install } from '../discover/install.js';
import type { InstallInventory } from '../inventory/install-inventory.js';
import type { DatabaseItem } from '../inventory/item.js';

export type { InstallInventory } from '../inventory/install-inventory.js';
import { loadAppKey } from '../inventory/app-keys.js';
import { using, type SqlClient } from '../db/sql-client.js';
import type { ProbeResult } from '../engines/engine.js';
import { engineModule } from '../engines/registry.js';
import { storageItems } from '../inventory/storage-items.js';
import { subAppTarget } from '../inventory/subapp-target.js';
import { ToolFinder } from '../process/tool-finder.js';

export interface InventoryOptions {
  /** Read files only: no database connections. */
  readonly offline?: boolean;
  readonly tools?: ToolFinder;
  /**
   * The items a run asked for (undefined: all). The others are still listed, so their ids are known,
   * but never probed or sized: a backup of one item starts without waiting for every server and folder.
   */
  readonly only?: readonly string[];
}


interface PendingItem {
  readonly id: string;
  readonly group: DatabaseItem['group'];
  readonly label: string;
  readonly engine: string;
  readonly target?: DbTarget;
  readonly failure?: { reason: string; hint?: string; status: DatabaseItem['status'] };
  readonly disabled?: boolean;
}

export async function takeInventory(install: Install, options: InventoryOptions = {}): Promise<InstallInventory> {
  const tools = options.tools ?? new ToolFinder();
  const offline = options.offline ?? false;
  const warnings = [...install.warnings];
  const naming = namingSettings(install.env);

  let main: DbTarget | undefined;
  let mainFailure: PendingItem['failure'];
  try {
    main = mainTarget(install);
  } catch (error) {
    mainFailure = { status: 'unsupported', reason: errorLine(error), hint: errorHint(error) };
  }
  const wanted = (id: string) => !options.only || options.only.includes(id);
  const sizeStorage = (id: string) => wanted('storage') || wanted(id);
  // Sub-apps in schema mode are left out of main's dump, so main needs the app's records too.
  const needsRecords = !options.only || options.only.some((id) => id === 'main' || /^(external|subapp):/.test(id));
  const [storage, mainProbe] = await Promise.all([storageItems(install.storagePath, sizeStorage), main && wanted('main') ? probeTarget(main, tools, offline) : undefined]);
  const mainItem = toItem({ id: 'main', group: 'main', label: 'main database', engine: main?.engine ?? install.env.DB_DIALECT ?? 'unknown', target: main, failure: mainFailure }, mainProbe);

  let records: AppRecords | undefined;
  const pending: PendingItem[] = [];
  const canRead = main && needsRecords && !offline && (!mainProbe?.verdict || mainProbe.verdict.status === 'missing-tool');
  if (main && canRead) {
    try {
      const key = await loadAppKey(install.env, install.path, install.storagePath);
      const read = async (client: SqlClient) => {
        records = await readAppRecords(client, naming, main.engine === 'sqlite' ? undefined : main.schema);
        const variables = new EnvVariables(client, naming, key, main.engine === 'sqlite' ? undefined : main.schema);
        pending.push(...(await externalItems(records, install, (v) => variables.resolve(v))));
      };
      await using(engineModule(main.engine).connect(main, { tools }), read);
      pending.push(...subAppItems(records, main, install));
    } catch (error) {
      warnings.push(`could not read the app's records from the main database: ${errorLine(error)}`);
    }
  } else if (main && offline) {
    warnings.push('offline: external data sources and sub-apps are listed only when the main database is read');
  }

  const limit = pLimit(4);
  const probed = await Promise.all(pending.map((p) => limit(async () => toItem(p, p.target && !p.failure && wanted(p.id) ? await probeTarget(p.target, tools, offline) : undefined))));
  const schemaApps = probed.filter((i) => i.group === 'subapp' && i.target && sameDatabase(i.target, main) && i.target.engine !== 'sqlite' && i.target.schema);
  const mainWithExclusions: DatabaseItem = schemaApps.length
    ? { ...mainItem, excludeSchemas: schemaApps.map((i) => (i.target as { schema: string }).schema) }
    : mainItem;

  return {
    install,
    nocobaseVersion: install.codeVersion ?? records?.dbVersion,
    items: [mainWithExclusions, ...probed.filter((i) => i.group === 'external'), ...probed.filter((i) => i.group === 'subapp'), ...storage],
    records,
    warnings,
  };
}

async function externalItems(records: AppRecords, install: Install, resolve: (v: string) => Promise<string>): Promise<PendingItem[]> {
  const out: PendingItem[] = [];
  for (const ds of records.dataSources ?? []) {
    if (ds.key === 'main' || ds.type === 'main') continue;
    const base = { id: `external:${ds.key}`, group: 'external' as const, label: ds.displayName || ds.key, engine: ds.type, disabled: !ds.enabled };
    if (!isDumpableType(ds.type)) {
      out.push({ ...base, failure: { status: 'unsupported', reason: notDumpableReason(ds.type) } });
      continue;
    }
    try {
      out.push({ ...base, target: routeThroughCompose(install, await dataSourceTarget(ds, resolve)) });
    } catch (error) {
      out.push({ ...base, failure: { status: 'unsupported', reason: errorLine(error), hint: errorHint(error) } });
    }
  }
  return out;
}

/** NocoBase's own rule for uid fields such as an application's name (UidField). */
const SUBAPP_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

function subAppItems(records: AppRecords | undefined, main: DbTarget, install: Install): PendingItem[] {
  return (records?.applications ?? []).map((app) => {
    const base = { id: `subapp:${app.name}`, group: 'subapp' as const, label: app.displayName || app.name, engine: main.engine };
    if (!SUBAPP_NAME.test(app.name)) {
      return { ...base, failure: { status: 'unsupported' as const, reason: `sub-app name ${JSON.stringify(app.name)} is not one NocoBase accepts, so it is not used`, hint: 'the applications table was changed outside NocoBase: check it' } };
    }
    try {
      const target = subAppTarget(main, app, install.env);
      return { ...base, engine: target.engine, target };
    } catch (error) {
      return { ...base, failure: { status: 'unsupported' as const, reason: errorLine(error), hint: errorHint(error) } };
    }
  });
}

function toItem(p: PendingItem, probe: ProbeResult | undefined): DatabaseItem {
  const verdict = p.failure ?? probe?.verdict;
  const ok = !verdict;
  return {
    id: p.id,
    group: p.group,
    kind: 'database',
    label: p.label,
    engine: p.engine,
    target: p.target,
    status: verdict?.status ?? 'ok',
    reason: verdict?.reason,
    hint: verdict?.hint,
    sizeBytes: probe?.sizeBytes,
    serverVersion: probe?.serverVersion,
    selected: ok && !p.disabled,
    note: ok && p.disabled ? 'disabled in NocoBase' : undefined,
  };
}

/** The engine module's probe; an engine this version does not know is a status too. */
async function probeTarget(target: DbTarget, tools: ToolFinder, offline: boolean): Promise<ProbeResult> {
  try {
    return await engineModule(target.engine).probe(target, { tools, offline });
  } catch (error) {
    return { verdict: { status: 'unsupported', reason: errorLine(error), hint: errorHint(error) } };
  }
}

function sameDatabase(a: DbTarget, b: DbTarget | undefined): boolean {
  if (!b || a.engine === 'sqlite' || b.engine === 'sqlite') return false;
  return a.host === b.host && a.port === b.port && a.database === b.database;
}
