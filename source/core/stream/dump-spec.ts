import type { DatabaseItem } from '../inventory/item.js';
import type { ToolFinder } from '../process/tool-finder.js';

/** One child process whose stdout is the dump (or which writes `writesFile` itself). */
export interface DumpSpec {
  readonly file: string;
  readonly args: readonly string[];
  /** Extra environment for the child: where passwords go, never argv. */
  readonly env: Readonly<Record<string, string>>;
  /** The tool writes this file itself instead of stdout (SQLite's .backup). */
  readonly writesFile?: string;
  /** Makes `writesFile` in-process instead of running `file` (SQLite without its CLI). */
  readonly produce?: () => Promise<void>;
  /** Format written in the manifest, and the file extension before compression. */
  readonly format: 'pg-custom' | 'pg-directory' | 'kingbase-custom' | 'mysql-sql' | 'sqlite' | 'tar' | 'mssql-bak' | 'oracle-dmp';
  readonly extension: string;
  readonly tool: string;
  readonly toolVersion: string;
  /** Object names from the tool's verbose stderr, for the progress pane. */
  readonly currentObject?: (stderrLine: string) => string | undefined;
  /** A step run to completion first (pg_dump's parallel directory format), whose output this spec then streams. */
  readonly before?: { readonly file: string; readonly args: readonly string[]; readonly env: Readonly<Record<string, string>>; readonly tool: string };
  /** Removes option files and the like; always called. */
  readonly cleanup?: () => Promise<void>;
}

export interface DumpRequest {
  readonly item: DatabaseItem;
  readonly tools: ToolFinder;
  /** A private folder (0700) for option files and tool output, inside the set. */
  readonly workDir: string;
  readonly options?: EngineOptions;
}

/** Settings from .nbbackuprc that some engines need. */
export interface EngineOptions {
  /** Where SQL Server writes backups, as seen from here. */
  readonly mssqlBackupDir?: string;
  /** The folder behind Oracle's DATA_PUMP_DIR, as seen from here. */
  readonly oracleDumpDir?: string;
  /** Dump PostgreSQL items in directory format with this many parallel jobs. */
  readonly pgJobs?: number;
}

/** A database engine as the runner sees it. */
export interface DatabaseEngine {
  prepareDump(request: DumpRequest): Promise<DumpSpec>;
}
