/** The dump formats a set can hold; each belongs to exactly one engine module. */
export type DumpFormat = 'pg-custom' | 'pg-directory' | 'kingbase-custom' | 'mysql-sql' | 'sqlite' | 'tar' | 'mssql-bak' | 'oracle-dmp';

/** One child process whose stdout is the dump (or which writes `writesFile` itself). */
export interface DumpSpec {
  readonly file: string;
  readonly args: readonly string[];
  /** Extra environment for the child: where passwords go, never argv. */
  readonly env: Readonly<Record<string, string>>;
  /** A login the tool reads as an option file: passed through a private named pipe, never on disk. */
  readonly secret?: ToolSecret;
  /** The tool writes this file itself instead of stdout (SQLite's .backup). */
  readonly writesFile?: string;
  /** Makes `writesFile` in-process instead of running `file` (SQLite without its CLI). */
  readonly produce?: () => Promise<void>;
  /** Format written in the manifest, and the file extension before compression. */
  readonly format: DumpFormat;
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

/** An option file's content, and the option that names it (given first: MySQL's clients require it there). */
export interface ToolSecret {
  readonly option: string;
  readonly content: string;
}
