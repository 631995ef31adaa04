import { z } from 'zod';
import { isProfileName, ProfileBodySchema } from './profile.js';

/** What a `.nbbackuprc` may hold; see .nbbackuprc.example. */
export const ConfigSchema = z.object({
  /** Folders scanned for installs. */
  roots: z.array(z.string()).optional(),
  /** Installs to list even when no scan finds them, e.g. with an APP_ENV_PATH elsewhere. */
  installs: z.array(z.object({ path: z.string(), envFile: z.string().optional() })).optional(),
  /** Where new backup sets go. */
  backupDir: z.string().optional(),
  jobs: z.number().int().positive().optional(),
  compress: z.enum(['zstd', 'gzip', 'none']).optional(),
  /** SQL Server's backup folder as seen from this machine (same host, or a shared mount). */
  mssqlBackupDir: z.string().optional(),
  /** The folder behind Oracle's DATA_PUMP_DIR as seen from this machine. */
  oracleDumpDir: z.string().optional(),
  /** Profiles shipped with the server's config, by name; run with `nbbackup run NAME`. */
  profiles: z
    .record(z.string().refine(isProfileName, 'a profile name is letters, digits, dot, dash and underscore'), ProfileBodySchema.strict())
    .optional(),
}).strict();

export type ConfigFile = z.infer<typeof ConfigSchema>;
