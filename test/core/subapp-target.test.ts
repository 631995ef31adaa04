import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ServerTarget } from '../../source/core/db/db-target.js';
import { subAppTarget } from '../../source/core/inventory/subapp-target.js';
import { tableCandidates } from '../../source/core/inventory/table-names.js';
import { decryptSecret } from '../../source/core/inventory/app-keys.js';
import { encryptSecret } from '../support/secrets.js';

const main: ServerTarget = { engine: 'postgres', host: 'db', port: 5432, database: 'nocobase', user: 'nb', password: 'pw', schema: 'app' };

describe('sub-app databases, derived as NocoBase derives them', () => {
  it('a database of its own by default, with the main credentials and no schema', () => {
    expect(subAppTarget(main, { name: 'a_1', options: {} }, {})).toEqual({ ...main, database: 'a_1', schema: undefined, docker: undefined });
  });

  it('a schema in the main database with USE_DB_SCHEMA_IN_SUBAPP or dbConnType new_schema', () => {
    expect(subAppTarget(main, { name: 'a_1', options: {} }, { USE_DB_SCHEMA_IN_SUBAPP: 'true' })).toMatchObject({ database: 'nocobase', schema: 'a_1' });
    expect(subAppTarget(main, { name: 'a_2', options: { dbConnType: 'new_schema' } }, {})).toMatchObject({ database: 'nocobase', schema: 'a_2' });
  });

  it('never a schema on MySQL: a database named after the app', () => {
    const mysqlMain: ServerTarget = { ...main, engine: 'mysql', schema: undefined };
    expect(subAppTarget(mysqlMain, { name: 'a_1', options: {} }, { USE_DB_SCHEMA_IN_SUBAPP: 'true' })).toMatchObject({ database: 'a_1', schema: undefined });
  });

  it('a SQLite file beside the main one', () => {
    expect(subAppTarget({ engine: 'sqlite', file: '/app/storage/db/nocobase.sqlite' }, { name: 'a_1', options: {} }, {})).toEqual({ engine: 'sqlite', file: '/app/storage/db/a_1.sqlite' });
  });

  it('its own connection, with a password encrypted by APP_SUPERVISOR_AES_SECRET_KEY', () => {
    const key = randomBytes(32);
    const app = { name: 'remote', options: { dbConnType: 'new_connection', database: { host: 'other', port: 5433, database: 'r', username: 'ru' }, encryptedDbPassword: encryptSecret('s3cret pw', key) } };
    expect(subAppTarget(main, app, { APP_SUPERVISOR_AES_SECRET_KEY: key.toString('hex') })).toMatchObject({ host: 'other', port: 5433, database: 'r', user: 'ru', password: 's3cret pw' });
    expect(() => subAppTarget(main, app, {})).toThrow(/APP_SUPERVISOR_AES_SECRET_KEY is not set/);
  });
});

describe('NocoBase secrets', () => {
  it('decrypts what AesEncryptor wrote, and refuses a wrong key with a hint', () => {
    const key = randomBytes(32);
    const sealed = encryptSecret("p@ss w'rd$1", key);
    expect(decryptSecret(sealed, key)).toBe("p@ss w'rd$1");
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow(/could not be decrypted/);
  });
});

describe('table names', () => {
  it('tries the name the settings give first, then the other spellings', () => {
    expect(tableCandidates('dataSources', { dialect: 'mysql', underscored: true, tablePrefix: 'nb_', useDbSchemaInSubapp: false })).toEqual(['nb_data_sources', 'nb_dataSources', 'data_sources', 'dataSources']);
    expect(tableCandidates('applicationVersion', { dialect: 'postgres', underscored: false, tablePrefix: '', useDbSchemaInSubapp: false })).toEqual(['applicationVersion', 'application_version']);
  });
});

describe('sub-apps of a SQLite main app', () => {
  it('may have a server connection of their own', () => {
    const app = { name: 'branch', options: { dbConnType: 'new_connection', database: { dialect: 'postgres', host: 'h', port: 5433, database: 'b', username: 'u', password: 'p' } } };
    expect(subAppTarget({ engine: 'sqlite', file: '/a/storage/db/nocobase.sqlite' }, app, {})).toEqual({ engine: 'postgres', host: 'h', port: 5433, database: 'b', user: 'u', password: 'p', schema: undefined });
  });
});
