import { z } from 'zod';
import { EncryptionRecord } from '../crypt/set-crypt.js';
import { isItemId, isSetFileName, isStorageFolder, isStorageRelativePath } from './safe-names.js';

export const MANIFEST_FILE = 'manifest.json';
export const SET_FORMAT = 'nbbackup-set';

const ItemEntry = z.object({
  id: z.string().refine(isItemId, 'not an item id nbbackup writes'),
  kind: z.enum(['database', 'files', 'keys']),
  label: z.string().optional(),
  status: z.enum(['ok', 'failed', 'skipped']),
  error: z.string().optional(),
  reason: z.string().optional(),
  engine: z.string().optional(),
  serverVersion: z.string().optional(),
  database: z.string().optional(),
  schema: z.string().optional(),
  excludeSchemas: z.array(z.string()).optional(),
  /** Files items: the folder relative to storage ('.' for the whole folder). */
  storagePath: z.string().refine(isStorageFolder, 'must be . or one folder name inside storage').optional(),
  tool: z.string().optional(),
  toolVersion: z.string().optional(),
  format: z.string().optional(),
  compression: z.enum(['zstd', 'gzip', 'none']).optional(),
  file: z.string().refine(isSetFileName, 'must be a plain file name in the set folder').optional(),
  bytes: z.number().optional(),
  /** What the tool produced before compression; sampled from zstd's /proc counters, so approximate with zstd. */
  rawBytes: z.number().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  seconds: z.number().optional(),
  warnings: z.array(z.string()).optional(),
  /** Keys entry: the files inside, relative to storage. */
  files: z.array(z.string().refine(isStorageRelativePath, 'must be a path inside storage')).optional(),
  /** Keys entry: files kept outside storage, archived by base name. */
  externalFiles: z.array(z.object({ name: z.string().refine(isSetFileName, 'must be a plain file name'), path: z.string() })).optional(),
}).refine((i) => i.status !== 'ok' || (i.file !== undefined && i.sha256 !== undefined && i.bytes !== undefined), 'an ok item names its file, size and sha256');

export const ManifestSchema = z.object({
  format: z.literal(SET_FORMAT),
  formatVersion: z.literal(1),
  tool: z.object({ name: z.string(), version: z.string() }),
  createdAt: z.string(),
  finishedAt: z.string(),
  /** The profile that made the set; retention only ever prunes its own sets. */
  profile: z.string().optional(),
  source: z.object({
    host: z.string(),
    installPath: z.string(),
    installName: z.string(),
    layout: z.string(),
    nocobaseVersion: z.string().optional(),
  }),
  /** Non-secret settings a restore target must match. */
  settings: z.record(z.string(), z.string()),
  /** The plugins the main database expects; `inStorage`: it lived in the source's plugin storage folder. */
  plugins: z.array(z.object({ name: z.string(), packageName: z.string().optional(), version: z.string().optional(), enabled: z.boolean(), inStorage: z.boolean().optional() })).optional(),
  items: z.array(ItemEntry),
  /** Every file but the manifest is an age file; how it was sealed, never with what. */
  encryption: EncryptionRecord.optional(),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestItem = z.infer<typeof ItemEntry>;

/** The app keys travel with every set as a pseudo-item of this id; it is never an item an operator picks. */
export const KEYS_ID = 'keys';

/** The items an operator backed up and may restore: every entry but the keys. */
export function dataEntries(manifest: Manifest): ManifestItem[] {
  return manifest.items.filter((i) => i.kind !== 'keys');
}

/** The keys entry, when it was written. */
export function keysEntry(manifest: Manifest): ManifestItem | undefined {
  return manifest.items.find((i) => i.kind === 'keys' && i.status === 'ok');
}
