import type { NamingSettings } from './app-settings.js';
import { NbError } from '../errors.js';
import { decryptSecret } from './app-keys.js';
import type { SqlClient } from '../db/sql-client.js';
import { column, findTable, qualified } from './table-names.js';

const TEMPLATE = /\{\{\s*\$env\.([A-Za-z0-9_.-]+)\s*\}\}/g;

export function hasTemplate(value: unknown): value is string {
  return typeof value === 'string' && /\{\{\s*\$env\./.test(value);
}

/**
 * NocoBase's "variables and secrets" (`{{$env.NAME}}` in data source options), read from the
 * environmentVariables table with secret values decrypted. Loaded lazily: most installs have none.
 */
export class EnvVariables {
  private values?: Map<string, string>;
  private readonly failures = new Map<string, string>();

  constructor(
    private readonly client: SqlClient,
    private readonly naming: NamingSettings,
    private readonly key: Buffer | undefined,
    private readonly schema?: string,
  ) {}

  /** Replaces every template in `value`; a name that cannot be resolved is an NbError naming it. */
  async resolve(value: string): Promise<string> {
    const values = await this.load();
    return value.replace(TEMPLATE, (_match, name: string) => {
      const resolved = values.get(name);
      if (resolved === undefined) {
        throw new NbError(this.failures.get(name) ?? `variable ${name} is not defined in NocoBase's variables and secrets`, 'define it under Settings → Variables and secrets');
      }
      return resolved;
    });
  }

  private async load(): Promise<Map<string, string>> {
    if (this.values) return this.values;
    const values = new Map<string, string>();
    const table = await findTable(this.client, 'environmentVariables', this.naming, this.schema);
    if (table) {
      const rows = await this.client.rows(`select * from ${qualified(this.client, table)}`);
      for (const row of rows) {
        const name = String(column(row, 'name') ?? '');
        const raw = String(column(row, 'value') ?? '');
        if (column(row, 'type') !== 'secret') values.set(name, raw);
        else if (!this.key) this.failures.set(name, `secret ${name} cannot be decrypted: the app key file is missing`);
        else {
          try {
            values.set(name, decryptSecret(raw, this.key));
          } catch (error) {
            this.failures.set(name, `secret ${name}: ${(error as Error).message}`);
          }
        }
      }
    }
    this.values = values;
    return values;
  }
}
