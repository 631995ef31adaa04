import { execFileSync } from 'node:child_process';
import { appendFileSync, createReadStream, createWriteStream, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashFile, setName, writeManifest, writeProfileMarker } from '../../source/core/set/backup-set.js';
import type { Manifest, ManifestItem } from '../../source/core/set/manifest.js';
import { pipeline } from 'node:stream/promises';
import { sealer, type SealKey } from '../../source/core/crypt/set-crypt.js';

// Backup sets made without servers: a real tar of a few files, its sha256 in a manifest that passes
// the schema, folders 0700 and files 0600 as a backup run leaves them; verifySet reads them with tar.

export interface SetSpec {
  readonly install: string;
  readonly at: string;
  readonly version?: string;
  /** Items that failed at backup: an incomplete set. */
  readonly failed?: readonly string[];
  /** Bytes appended to the tar after the manifest was written: verify finds it damaged. */
  readonly damaged?: boolean;
  /** No manifest and a half-written dump: a run interrupted midway. */
  readonly interrupted?: boolean;
  /** Made by this profile: in the manifest, and marked in the folder as a run marks it. */
  readonly profile?: string;
  /** The host and install the set says it came from (default db-host-1, /srv/<install>). */
  readonly host?: string;
  readonly installPath?: string;
  /** Its files sealed as an encrypted backup seals them: with this passphrase, or to these age public keys. */
  readonly seal?: SealKey;
}

/** A fresh backup folder in the temp dir. */
export function backupFolder(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'nbtest-sets-'));
  return root;
}

/** Writes one set into `root` and returns its folder. */
export async function makeSet(root: string, spec: SetSpec): Promise<string> {
  const at = new Date(spec.at);
  const dir = path.join(root, setName(spec.install, at));
  mkdirSync(dir, { mode: 0o700 });
  const source = { host: spec.host ?? 'db-host-1', installPath: spec.installPath ?? `/srv/${spec.install}` };
  if (spec.profile) await writeProfileMarker(dir, { profile: spec.profile, ...source });
  if (spec.interrupted) {
    writeFileSync(path.join(dir, 'main.pgdump.zst.partial'), 'half a dump', { mode: 0o600 });
    return dir;
  }
  const content = mkdtempSync(path.join(os.tmpdir(), 'nbtest-content-'));
  writeFileSync(path.join(content, 'a.txt'), `uploads of ${spec.install}\n`);
  const file = 'storage--uploads.tar';
  execFileSync('tar', ['-cf', path.join(dir, file), '-C', content, 'a.txt']);
  execFileSync('chmod', ['0600', path.join(dir, file)]);
  const seal = spec.seal ? sealer(spec.seal) : undefined;
  if (seal) {
    await pipeline(await seal.seal(createReadStream(path.join(dir, file))), createWriteStream(path.join(dir, `${file}.sealing`), { mode: 0o600 }));
    renameSync(path.join(dir, `${file}.sealing`), path.join(dir, file));
  }
  const { sha256, bytes } = await hashFile(path.join(dir, file));
  const items: ManifestItem[] = [
    { id: 'storage:uploads', kind: 'files', label: 'storage/uploads', status: 'ok', storagePath: 'uploads', tool: 'tar', toolVersion: 'tar (GNU tar) 1.35', format: 'tar', compression: 'none', file, bytes, sha256, seconds: 0.1 },
    ...(spec.failed ?? []).map((id): ManifestItem => ({ id, kind: 'database', label: id, engine: 'mysql', status: 'failed', error: 'mysqldump not found on this machine' })),
  ];
  const manifest: Manifest = {
    format: 'nbbackup-set',
    formatVersion: 1,
    tool: { name: 'nbbackup', version: '0.1.0' },
    createdAt: at.toISOString(),
    finishedAt: new Date(at.getTime() + 62_000).toISOString(),
    source: { ...source, installName: spec.install, layout: 'create-app', nocobaseVersion: spec.version ?? '1.9.3' },
    settings: {},
    items,
    ...(spec.profile ? { profile: spec.profile } : {}),
    ...(seal ? { encryption: seal.record } : {}),
  };
  await writeManifest(dir, manifest);
  if (spec.damaged) appendFileSync(path.join(dir, file), 'x');
  return dir;
}
