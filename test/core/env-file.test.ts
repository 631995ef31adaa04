import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvText, readEnvFile } from '../../source/core/discover/env-file.js';
import { NbError } from '../../source/core/errors.js';

describe('.env parsing', () => {
  it('reads quotes, comments and export prefixes as NocoBase does', () => {
    const env = parseEnvText(
      [
        '# database',
        'export DB_DIALECT=postgres',
        'DB_HOST = db.local   # inline comment',
        `DB_PASSWORD="p@ss w'rd$1"`,
        "DB_USER='nb user'",
        'DB_SCHEMA=`nocobase`',
        'EMPTY=',
        '  INDENTED=yes',
      ].join('\n'),
    );
    expect(env).toEqual({ DB_DIALECT: 'postgres', DB_HOST: 'db.local', DB_PASSWORD: "p@ss w'rd$1", DB_USER: 'nb user', DB_SCHEMA: 'nocobase', EMPTY: '', INDENTED: 'yes' });
  });

  it('keeps ${VAR} literal: NocoBase loads .env without expansion', () => {
    expect(parseEnvText('A=1\nB=${A}-x\n').B).toBe('${A}-x');
  });

  it('handles CRLF line ends and a byte-order mark', () => {
    expect(parseEnvText('\uFEFFDB_DIALECT=mysql\r\nDB_PORT=3307\r\n')).toEqual({ DB_DIALECT: 'mysql', DB_PORT: '3307' });
  });

  it('keeps multi-line double-quoted values', () => {
    expect(parseEnvText('CA="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1').CA).toBe('-----BEGIN-----\nabc\n-----END-----');
  });

  it('says which file is missing, as an NbError with a hint', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nbenv-'));
    const missing = path.join(dir, '.env');
    const error = await readEnvFile(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NbError);
    expect((error as NbError).message).toBe(`env file not found: ${missing}`);
    expect((error as NbError).hint).toMatch(/APP_ENV_PATH/);
    writeFileSync(missing, 'DB_DIALECT=sqlite\n');
    await expect(readEnvFile(missing)).resolves.toEqual({ DB_DIALECT: 'sqlite' });
  });
});
