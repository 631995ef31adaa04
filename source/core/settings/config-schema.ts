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
  /** Prints the passphrase of encrypted sets on stdout: an argv run without a shell (e.g. ["pass", "show", "nbbackup"]). */
  passcommand: z.array(z.string().min(1)).min(1).optional(),
  /** Profiles shipped with the server's config, by name; run with `nbbackup run NAME`. */
  profiles: z
    .record(z.string(), ProfileBodySchema.strict())
    .superRefine((profiles, ctx) => {
      for (const name of Object.keys(profiles)) {
        if (!isProfileName(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'not a profile name (letters, digits, dot, dash and underscore, at most 64)' });
      }
    })
    .optional(),
}).strict();

export type ConfigFile = z.infer<typeof ConfigSchema>;
