import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SandboxInfo {
  /** Everything below is removed when the run ends. */
  readonly root: string;
  /** NBBACKUP_CONFIG of headless runs: backups into the sandbox, scans of an empty folder. */
  readonly config: string;
  /** The working folder of headless runs, so no .nbbackuprc above the checkout is found. */
  readonly work: string;
  /** Parent of each child's own home folder. */
  readonly homes: string;
}

/**
 * The run's sandbox: what the product's children get instead of the machine user's home, config,
 * temp folder and /var/backups. Folders are world-traversable: as root, the demo's PostgreSQL runs as
 * `postgres` and keeps its data under TMPDIR.
 */
export function createSandbox(): SandboxInfo {
  const root = mkdtempSync(path.join(os.tmpdir(), 'nbtest-run-'));
  const dir = (...parts: string[]) => {
    const full = path.join(root, ...parts);
    mkdirSync(full, { recursive: true });
    chmodSync(full, 0o755);
    return full;
  };
  chmodSync(root, 0o755);
  const config = path.join(root, 'nbbackup.yaml');
  writeFileSync(config, `backupDir: ${JSON.stringify(dir('backups'))}\nroots:\n  - ${JSON.stringify(dir('no-installs'))}\n`);
  return { root, config, work: dir('work'), homes: dir('homes') };
}

export function removeSandbox(info: SandboxInfo): void {
  rmSync(info.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}
