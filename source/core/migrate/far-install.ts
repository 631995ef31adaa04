import { parseDestination } from '../copy/parse-destination.js';
import type { SshSpec } from '../copy/remote-shell.js';
import { errorLine, UsageError } from '../errors.js';

// Where a migration goes, as `migrate --to` and the TUI's form both read it.

/** The far folder the set and the safety copy land in, unless one is given. */
export const DEFAULT_STAGE = '~/nbbackup-migrate';
const FAR_HINT = 'give [user@]host:/path (ssh://host:port/path for another port)';

/** `[user@]host:/path` (or ssh://host:port/path): the far install, on an ssh host, by its absolute path. */
export function parseFarInstall(text: string): SshSpec {
  if (!text.trim()) throw new UsageError('name the far install', FAR_HINT);
  let spec;
  try {
    spec = parseDestination(text);
  } catch (error) {
    throw new UsageError(errorLine(error), FAR_HINT);
  }
  if (spec.kind !== 'ssh') throw new UsageError(spec.kind === 'folder' ? 'that names a folder on this machine, not a server (for an install here, back up and restore instead)' : 'that is not an ssh host', FAR_HINT);
  if (!spec.path.startsWith('/')) throw new UsageError("give the install's absolute path there (host:/srv/nocobase)", FAR_HINT);
  return spec;
}

/** The far staging folder as typed: a word for the far shell to take as a path, never an option. */
export function checkStage(text: string | undefined): string {
  const stage = text?.trim() || DEFAULT_STAGE;
  if (/[\0-\x1f\x7f]/.test(stage) || stage.startsWith('-')) throw new UsageError('the staging folder is not a usable folder name', 'give a folder there, such as /var/backups/incoming');
  return stage;
}
