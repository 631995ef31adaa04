import { loadConfig, type Config } from '../settings/config.js';
import type { EngineOptions } from './engine.js';

/**
 * SQL Server's and Oracle's steps need the server-side folders .nbbackuprc names. A caller that read the
 * settings hands them over (the backup command does); where none were handed over — the restore runner's
 * safety copy, steps and preflight do not carry them — the engine reads .nbbackuprc itself, as the
 * commands do, rather than guess a folder.
 */
export async function engineOptions(given: EngineOptions | undefined): Promise<EngineOptions> {
  return given ?? engineOptionsOf(await loadConfig());
}

/** The engines' server-side folders as .nbbackuprc names them. */
export function engineOptionsOf(config: Pick<Config, 'mssqlBackupDir' | 'oracleDumpDir'>): EngineOptions {
  return { mssqlBackupDir: config.mssqlBackupDir, oracleDumpDir: config.oracleDumpDir };
}
