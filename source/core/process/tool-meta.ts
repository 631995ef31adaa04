import { readFileSync } from 'node:fs';

/** nbbackup's own version, from its package.json (dist/ when bundled, source/core/process under tests). */
export const TOOL_VERSION: string = (() => {
  for (const rel of ['../package.json', '../../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout
    }
  }
  return '0.0.0';
})();
