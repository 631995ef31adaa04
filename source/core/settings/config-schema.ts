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
  /** The ssh command and its options for copies over SSH, as an argv (like rsync's -e); NBBACKUP_SSH overrides it. */
  ssh: z.array(z.string().min(1).refine((w) => !w.includes('\0'), 'no NUL bytes')).min(1).optional(),
  /** S3-compatible storage for s3:// copies; credentials come from the AWS environment or ~/.aws, never from here. */
  s3: z
    .object({
      /** e.g. https://s3.eu-central-003.backblazeb2.com or http://127.0.0.1:9000 (MinIO); unset: AWS. */
      endpoint: z.string().url().optional(),
      region: z.string().min(1).optional(),
      /** bucket in the path, not the host name: most S3-compatible servers want it. */
      forcePathStyle: z.boolean().optional(),
    })
    .strict()
    .optional(),
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
