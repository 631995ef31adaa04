import type { InstallInventory } from './take-inventory.js';
import type { Item } from '../inventory/item.js';

/** The contract's JSON for one item: connection facts without the user's password, ever. */
export function itemJson(item: Item): Record<string, unknown> {
  const common = {
    id: item.id,
    kind: item.kind,
    label: item.label,
    sizeBytes: item.sizeBytes,
    status: item.status,
    reason: item.reason,
    hint: item.hint,
    selected: item.selected,
    note: item.note,
  };
  if (item.kind === 'files') return { ...common, path: item.path, files: item.files };
  const t = item.target;
  const where =
    t === undefined
      ? {}
      : t.engine === 'sqlite'
        ? { file: t.file }
        : {
            host: t.host,
            port: t.port,
            database: t.database,
            schema: t.schema ?? (t.engine === 'postgres' || t.engine === 'kingbase' ? 'public' : undefined),
            user: t.user,
            dockerService: t.docker?.service,
          };
  return { ...common, engine: item.engine, ...where, serverVersion: item.serverVersion, excludeSchemas: item.excludeSchemas };
}

export function installJson(inv: InstallInventory): Record<string, unknown> {
  const { install } = inv;
  return {
    path: install.path,
    name: install.name,
    layout: install.layout,
    nocobaseVersion: inv.nocobaseVersion,
    envFile: install.envFile,
    composeFile: install.compose?.file,
    storagePath: install.storagePath,
    items: inv.items.map(itemJson),
    warnings: inv.warnings.length ? inv.warnings : undefined,
  };
}
