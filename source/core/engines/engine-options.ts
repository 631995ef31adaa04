import { loadConfig } from '../settings/config.js';
import type { EngineOptions } from './engine.js';

/**
 * SQL Server's and Oracle's steps need the server-side folders .nbbackuprc names. A caller that read the
 * settings hands them over (the backup command does); where none were handed over — the restore runner's
 * safety copy, steps and preflight do not carry them — the engine reads .nbbackuprc itself, as the
 * commands do, rather than guess a folder.
 */
export async function engineOptions(given: EngineOptions | undefined): Promise<EngineOptions> {
  if (given) return given;
  const config = await loadConfig();
  return { mssqlBackupDir: config.mssqlBackupDir, oracleDumpDir: config.oracleDumpDir };
}
