import type { StatusVerdict } from '../db/db-status.js';
import type { DbTarget, Engine } from '../db/db-target.js';
import type { SqlClient, ConnectOptions } from '../db/sql-client.js';
import type { Item } from '../inventory/item.js';
import type { ToolFinder } from '../process/tool-finder.js';
import type { ManifestItem } from '../set/manifest.js';
import type { Compression } from '../stream/compression.js';
import type { Unlocker } from '../crypt/set-crypt.js';
import type { DumpFormat, DumpSpec } from '../stream/dump-spec.js';
import type { Check } from './check.js';
import type { RestoreStep } from './restore-step.js';

/**
 * One engine family as every part of nbbackup sees it (borgmatic's data-source hooks are the model):
 * the same functions in every module, dispatched by engine name or dump format through the registry.
 * Nothing outside a module's folder switches on the engine.
 */
export interface EngineModule {
  /** The module's folder name: `postgres`, `mysql`, `files`… */
  readonly name: string;
  /** Engine names it serves (DB_DIALECT values and data source types); none for files. */
  readonly engines: readonly Engine[];
  /** Dump formats it writes, and so reads back and restores. */
  readonly formats: readonly DumpFormat[];
  /** The client tools it drives, preferred first, and how to get them. */
  tools(engine?: Engine): EngineTools;
  /** Reachable, version, size — every failure a status, never a throw. */
  probe(target: DbTarget, context: ProbeContext): Promise<ProbeResult>;
  /** A short-lived connection for inventory queries, where the engine has a driver here. */
  connect(target: DbTarget, context: ConnectContext): Promise<SqlClient>;
  prepareDump(request: DumpRequest): Promise<DumpSpec>;
  /** Reads a dump back through the engine's own reader; throws with the reason it is not whole. */
  verifyDump(request: VerifyRequest): Promise<void>;
  /** Why this set entry cannot go onto that item here (the operator then does it by hand), if it cannot. */
  restoreBlocker(entry: ManifestItem, item: Item): string | undefined;
  restoreStep(request: RestoreStepRequest): RestoreStep;
  /** Whether the target's own login may do what the restore step does; undefined when nothing needs asking. */
  rightsCheck(item: Item, entry: ManifestItem): Promise<Check | undefined>;
  /** The functions above it cannot really do, each with the reason: the registry test accepts these instead. */
  readonly cannot?: Partial<Record<EngineFunction, string>>;
}

export type EngineFunction = 'probe' | 'connect' | 'prepareDump' | 'verifyDump' | 'restoreStep' | 'rightsCheck';

export interface EngineTools {
  /** Alternatives that dump, preferred first. */
  readonly dump: readonly string[];
  /** Alternatives that restore (or load), preferred first. */
  readonly restore: readonly string[];
  /** What to tell an operator who lacks them. */
  readonly hint: string;
}

export interface ProbeContext {
  readonly tools: ToolFinder;
  /** Read files only: no connections. */
  readonly offline: boolean;
}

export interface ProbeResult {
  readonly verdict?: StatusVerdict;
  readonly sizeBytes?: number;
  readonly serverVersion?: string;
}

export interface ConnectContext extends ConnectOptions {
  readonly tools: ToolFinder;
}

export interface DumpRequest {
  readonly item: Item;
  readonly tools: ToolFinder;
  /** A private folder (0700) outside the set, on tmpfs where possible, for password and parameter files. */
  readonly workDir: string;
  /** A folder (0700) inside the set for bulky intermediate output (directory dumps, copies), removed with the run. */
  readonly scratchDir: string;
  readonly options?: EngineOptions;
}

/** Settings from .nbbackuprc that some engines need. */
export interface EngineOptions {
  /** Where SQL Server writes and reads backups, as seen from here. */
  readonly mssqlBackupDir?: string;
  /** The folder behind Oracle's DATA_PUMP_DIR, as seen from here. */
  readonly oracleDumpDir?: string;
  /** Dump PostgreSQL items in directory format with this many parallel jobs. */
  readonly pgJobs?: number;
}

export interface VerifyRequest {
  /** The set file, as it lies in the set. */
  readonly file: string;
  readonly format: DumpFormat;
  readonly compression: Compression;
  readonly tools: ToolFinder;
  /** The set is encrypted and a key was given: the dump is read back through it. */
  readonly unlock?: Unlocker;
}

export interface RestoreStepRequest {
  readonly entry: ManifestItem;
  /** The target's item this entry overwrites. */
  readonly item: Item;
  /** Every entry restored in this run: a database keeps the schema-mode sub-apps that are not among them. */
  readonly restoring: readonly ManifestItem[];
  readonly storagePath: string;
}
