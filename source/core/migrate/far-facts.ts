import { createHmac } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { locateInstall } from '../discover/locate-install.js';
import { errorHint, errorLine } from '../errors.js';
import { engineModule, isKnownEngine } from '../engines/registry.js';
import { targetPlace } from '../db/db-target.js';
import { MUST_MATCH } from '../inventory/app-settings.js';
import { diskOf } from '../process/disk-space.js';
import { ToolFinder } from '../process/tool-finder.js';
import { toolInfo } from '../process/tool-version.js';
import { takeInventory } from '../scan/take-inventory.js';
import type { Config } from '../settings/config.js';
import { checkDefiners, type DefinerCheck } from './mysql-definers.js';

// What the far side of a migration says about itself. It runs there (inside the helper nbbackup
// sends), answers as JSON, and never includes a password or the APP_KEY: the key is compared through
// an HMAC under a nonce the near side picked.

export interface FarTool {
  /** The alternatives asked for, as the restore's preflight names them: `mariadb or mysql`. */
  readonly label: string;
  readonly path?: string;
  readonly version?: string;
  readonly major?: number;
}

export interface FarItem {
  readonly id: string;
  readonly kind: 'database' | 'files';
  readonly engine?: string;
  readonly status: string;
  readonly reason?: string;
  /** `crm on db:5432`: never a password. */
  readonly place?: string;
  readonly serverVersion?: string;
  readonly sizeBytes?: number;
  /** Reached only through its compose network (no port published to the host): restore cannot go there. */
  readonly insideCompose?: boolean;
}

export interface FarInstall {
  readonly path: string;
  readonly name: string;
  readonly layout: string;
  readonly nocobaseVersion?: string;
  readonly envFile?: string;
  /** The settings a restore must match, and the connection settings worth showing side by side. */
  readonly settings: Readonly<Record<string, string>>;
  /** HMAC-SHA256 of APP_KEY under the near side's nonce; absent when the install has none. */
  readonly appKeyMac?: string;
  readonly storagePath: string;
  readonly storageFreeBytes?: number;
  readonly items: readonly FarItem[];
}

export interface FarFacts {
  readonly host: string;
  readonly os: string;
  readonly node: string;
  readonly user: string;
  readonly stage: { readonly path: string; readonly freeBytes?: number; readonly error?: string };
  readonly install?: FarInstall;
  /** Why no install was found at the path: one line and its fix. */
  readonly installError?: { readonly reason: string; readonly hint?: string };
  readonly tools: readonly FarTool[];
  /** Per MySQL/MariaDB item: whether each DEFINER account of the source exists there (or why that is unknown). */
  readonly definers?: Readonly<Record<string, readonly DefinerCheck[] | string>>;
}

/** The env settings shown side by side (values, never secrets), besides the naming ones. */
export const SHOWN_SETTINGS = [...MUST_MATCH, 'DB_HOST', 'DB_PORT', 'DB_DATABASE', 'DB_USER'] as const;

export interface InspectRequest {
  readonly installPath: string;
  readonly stage: string;
  readonly nonce: string;
  /** Engines the migrated items use: their restore tools are looked up here. */
  readonly engines: readonly string[];
  /** The source's DEFINER accounts per item id, to look up there. */
  readonly definers?: Readonly<Record<string, readonly string[]>>;
  readonly config: Config;
}

export async function inspectHere(request: InspectRequest): Promise<FarFacts> {
  const tools = new ToolFinder();
  const [stage, found, toolFacts, osName] = await Promise.all([stageFacts(request.stage), installFacts(request, tools), toolsFacts(request.engines, tools), osRelease()]);
  return {
    host: os.hostname(),
    os: osName,
    node: process.versions.node,
    user: os.userInfo().username,
    stage,
    ...found,
    tools: toolFacts,
  };
}

export function appKeyMac(appKey: string | undefined, nonce: string): string | undefined {
  return appKey ? createHmac('sha256', nonce).update(appKey).digest('hex') : undefined;
}

/** The staging folder, or the nearest folder above it that exists: a folder this user may write in. */
async function stageFacts(stage: string): Promise<FarFacts['stage']> {
  try {
    let at = stage;
    for (;;) {
      const info = await stat(at).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
      if (info && !info.isDirectory()) return { path: stage, error: `${at} is not a folder` };
      if (info) break;
      if (path.dirname(at) === at) break;
      at = path.dirname(at);
    }
    await access(at, constants.W_OK | constants.X_OK).catch(() => Promise.reject(new Error(`${at} may not be written to by ${os.userInfo().username}`)));
    return { path: stage, freeBytes: (await diskOf(at)).freeBytes };
  } catch (error) {
    return { path: stage, error: errorLine(error) };
  }
}

async function installFacts(request: InspectRequest, tools: ToolFinder): Promise<Pick<FarFacts, 'install' | 'installError' | 'definers'>> {
  let install;
  try {
    install = await locateInstall(request.installPath, request.config);
  } catch (error) {
    return { installError: { reason: errorLine(error), hint: errorHint(error) } };
  }
  const inventory = await takeInventory(install, { tools });
  const settings: Record<string, string> = {};
  for (const key of SHOWN_SETTINGS) settings[key] = install.env[key] ?? '';
  const storageFree = await diskOf(path.dirname(install.storagePath)).catch(() => undefined);
  const definers: Record<string, readonly DefinerCheck[] | string> = {};
  for (const [id, names] of Object.entries(request.definers ?? {})) {
    const item = inventory.items.find((i) => i.id === id);
    if (item && item.status === 'ok' && Array.isArray(names)) definers[id] = await checkDefiners(item, names.map(String), tools);
  }
  return {
    definers,
    install: {
      path: install.path,
      name: install.name,
      layout: install.layout,
      nocobaseVersion: inventory.nocobaseVersion,
      envFile: install.envFile,
      settings,
      appKeyMac: appKeyMac(install.env.APP_KEY, request.nonce),
      storagePath: install.storagePath,
      storageFreeBytes: storageFree?.freeBytes,
      items: inventory.items.map((item) => ({
        id: item.id,
        kind: item.kind,
        engine: item.kind === 'database' ? item.engine : undefined,
        status: item.status,
        reason: item.reason,
        place: item.kind === 'database' ? (item.target ? targetPlace(item.target) : undefined) : item.path,
        serverVersion: item.kind === 'database' ? item.serverVersion : undefined,
        sizeBytes: item.sizeBytes,
        insideCompose: item.kind === 'database' && item.target?.engine !== 'sqlite' && item.target?.docker ? true : undefined,
      })),
    },
  };
}

/** The restore tools of each engine, then tar and zstd, which every set needs. */
async function toolsFacts(engines: readonly string[], tools: ToolFinder): Promise<FarTool[]> {
  const wanted = new Map<string, readonly string[]>();
  for (const engine of engines) {
    if (!isKnownEngine(engine)) continue;
    const names = engineModule(engine).tools(engine as never).restore;
    if (names.length) wanted.set(names.join(' or '), names);
  }
  wanted.set('tar', ['tar']);
  wanted.set('zstd', ['zstd']);
  return Promise.all(
    [...wanted].map(async ([label, names]) => {
      const found = await tools.first(names);
      if (!found) return { label };
      const info = await toolInfo(found).catch(() => undefined);
      return { label, path: found, version: info?.versionText, major: info?.major };
    }),
  );
}

async function osRelease(): Promise<string> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1];
  return pretty ?? `${os.type()} ${os.release()}`;
}
