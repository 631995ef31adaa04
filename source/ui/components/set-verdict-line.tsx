import path from 'node:path';
import { Box } from 'ink';
import { Spinner } from '@inkjs/ui';
import { plural } from '../format.js';
import type { SetCheck } from '../set-row.js';
import { MarkLine } from './mark.js';

/** The read-back of one set in a single line; the details view names the damaged files. */
export function SetVerdictLine({ dir, check }: { readonly dir: string; readonly check?: SetCheck }) {
  if (!check) return null;
  if (check.running) {
    return (
      <Box height={1} overflow="hidden">
        <Spinner label={`Verifying ${path.basename(dir)}: re-hashing every file and reading each dump…`} />
      </Box>
    );
  }
  if (check.error) return <MarkLine kind="fail" wrap="truncate-end">{check.error}</MarkLine>;
  const v = check.verdict;
  if (!v) return null;
  if (v.ok && v.hashesOnly) return <MarkLine kind="ok" wrap="truncate-end">Encrypted: {plural(v.items.length, 'file')} match the manifest (hashes only: nbbackup verify SET --identity FILE reads them back).</MarkLine>;
  if (v.ok) return <MarkLine kind="ok" wrap="truncate-end">Verified: {plural(v.items.length, 'file')} match the manifest and read back.</MarkLine>;
  if (v.filesOk) return <MarkLine kind="warn" wrap="truncate-end">Incomplete: its files read back, but {v.missing.map((m) => m.id).join(', ')} failed at backup.</MarkLine>;
  const bad = v.items.filter((i) => !i.ok).length;
  return <MarkLine kind="fail" wrap="truncate-end">Verification failed: {bad} of {plural(v.items.length, 'file')} damaged or unreadable (→ details names them).</MarkLine>;
}
