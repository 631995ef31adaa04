import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

// Copies of a real set, damaged the two ways restore tests need: one byte changed (verify refuses
// it), or a shop dump that fails to load halfway yet verifies (its manifest updated with it).

function copyOf(set: string, prefix: string): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), prefix));
  cpSync(set, copy, { recursive: true });
  return copy;
}

/** The set with one byte of main's dump flipped: preflight refuses it. */
export function tamperedCopy(set: string): string {
  const copy = copyOf(set, 'nbtest-tampered-');
  const file = path.join(copy, 'main.pgdump.zst');
  const bytes = readFileSync(file);
  bytes[100] ^= 1;
  writeFileSync(file, bytes);
  return copy;
}

/** The set whose MariaDB dump inserts into a table that does not exist, near its end. */
export async function failingShopCopy(set: string): Promise<string> {
  const copy = copyOf(set, 'nbtest-broken-');
  const file = path.join(copy, 'external--shop.sql.zst');
  const sql = (await execa('zstd', ['-d', '-c', file])).stdout.replace('-- Dump completed', 'insert into no_such_table values (1);\n-- Dump completed');
  await execa('zstd', ['-q', '-f', '-o', file], { input: sql });
  const manifestFile = path.join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const entry = manifest.items.find((i: { id: string }) => i.id === 'external:shop');
  const bytes = readFileSync(file);
  entry.bytes = bytes.length;
  entry.sha256 = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(manifestFile, JSON.stringify(manifest));
  return copy;
}
