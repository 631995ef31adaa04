import { z } from 'zod';

/**
 * A profile: a saved backup selection that `nbbackup run NAME`, the TUI and cron re-run. It points at an
 * install, whose env file holds the passwords: a profile never holds a secret.
 */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isProfileName(name: string): boolean {
  return PROFILE_NAME.test(name) && !name.includes('..');
}

const Argv = z.array(z.string().min(1).refine((w) => !w.includes('\0'), 'no NUL bytes')).min(1, 'a command needs at least the program');
const Seconds = z.number().int().positive().max(86_400);
const HttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// URL');

export const HookSchema = z.object({
  /** Program and arguments, run without a shell. */
  command: Argv,
  timeoutSeconds: Seconds.optional(),
});

export const AlertsSchema = z.object({
  /** Run on failure (and on success with onSuccess); the report JSON arrives on stdin. */
  command: Argv.optional(),
  /** POSTed a JSON report on failure (and on success with onSuccess). */
  webhook: HttpUrl.optional(),
  /** Called at start, success and failure (Healthchecks, Uptime Kuma). */
  ping: HttpUrl.optional(),
  onSuccess: z.boolean().optional(),
  timeoutSeconds: Seconds.optional(),
});

const Count = z.number().int().min(0).max(10_000);
const Keep = z.object({ last: Count.optional(), daily: Count.optional(), weekly: Count.optional(), monthly: Count.optional() }).strict();

/** Where each good set goes after the run: a folder, [user@]host:path (SSH) or s3://bucket/prefix; keep: that place's own retention. */
export const CopyTargetSchema = z
  .object({
    to: z.string().min(1).refine((t) => !/[\0-\x1f\x7f]/.test(t), 'no control characters'),
    keep: Keep.optional(),
  })
  .strict();

export const ProfileBodySchema = z.object({
  /** The install folder (absolute). */
  install: z.string().min(1),
  /** Every item of the install ("all": new data sources join by themselves), or these ids. */
  items: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]),
  exclude: z.array(z.string().min(1)).optional(),
  /** Where the profile's sets go (default: backupDir of .nbbackuprc, else the built-in folder). */
  outDir: z.string().min(1).optional(),
  compress: z.enum(['zstd', 'gzip', 'none']).optional(),
  jobs: z.number().int().positive().max(64).optional(),
  pgJobs: z.number().int().positive().max(64).optional(),
  keep: Keep.optional(),
  /** Off-site copies of each complete, verified set (the profile's own keep-* apply there unless one is given). */
  copies: z.array(CopyTargetSchema).max(8).optional(),
  hooks: z.object({ before: z.array(HookSchema).optional(), after: z.array(HookSchema).optional() }).strict().optional(),
  alerts: AlertsSchema.strict().optional(),
  /** Encrypt each set: to these age public keys, else with the passphrase from that file (or NBBACKUP_PASSPHRASE_FILE, or passcommand). Never a passphrase itself. */
  encrypt: z
    .object({ recipients: z.array(z.string().regex(/^age1[0-9a-z]+$/, 'an age public key (age1…)')).optional(), recipientsFile: z.string().min(1).optional(), passphraseFile: z.string().min(1).optional() })
    .strict()
    .optional(),
});

export type ProfileBody = z.infer<typeof ProfileBodySchema>;

export interface Profile extends ProfileBody {
  readonly name: string;
  /** The .nbbackuprc that ships this profile; such a profile is edited in that file, not from nbbackup. */
  readonly definedIn?: string;
}

/** zod's first complaint as "key: what was expected". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join('.') || 'profile'}: ${issue.message}`;
}
