import { readFileSync } from 'node:fs';

/** NocoBase's SSL settings may hold file paths or the PEM text itself. */
export function pem(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8');
}
