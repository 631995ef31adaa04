import { describe, expect, it } from 'vitest';
import type { DbTarget } from '../../../source/core/db/db-target.js';
import type { EngineFunction } from '../../../source/core/engines/engine.js';
import { ENGINE_MODULES, engineModule, moduleForFormat } from '../../../source/core/engines/registry.js';
import type { DatabaseItem } from '../../../source/core/inventory/item.js';
import type { ManifestItem } from '../../../source/core/set/manifest.js';
import { closedPort } from '../../support/closed-port.js';

const FUNCTIONS: readonly EngineFunction[] = ['probe', 'connect', 'prepareDump', 'verifyDump', 'restoreStep', 'rightsCheck'];

/** An item of that engine on a server that is not there: enough to build steps and ask for rights. */
async function itemOf(engine: string): Promise<DatabaseItem> {
  const target: DbTarget = engine === 'sqlite' ? { engine: 'sqlite', file: '/nonexistent/nb.sqlite' } : { engine: engine as never, host: '127.0.0.1', port: await closedPort(), database: 'nb', user: 'nb', password: 'pw' };
  return { id: 'external:x', group: 'external', kind: 'database', label: 'x', engine, target, status: 'ok', selected: true };
}

describe('the engine registry', () => {
  it('has every module implement every function, or say why it cannot', () => {
    for (const m of ENGINE_MODULES) {
      for (const fn of FUNCTIONS) expect(typeof m[fn], `${m.name}.${fn}`).toBe('function');
      for (const [fn, reason] of Object.entries(m.cannot ?? {})) {
        expect(FUNCTIONS, `${m.name}.cannot.${fn}`).toContain(fn);
        expect(reason, `${m.name}.cannot.${fn}`).not.toMatch(/not available/);
      }
      for (const format of m.formats) expect(moduleForFormat(format)).toBe(m);
      for (const engine of m.engines) expect(engineModule(engine)).toBe(m);
    }
  });

  it('restores every database engine it backs up: no blocker for a plain item, a step, and a rights check unless it cannot', async () => {
    for (const m of ENGINE_MODULES) {
      for (const engine of m.engines) {
        const item = await itemOf(engine);
        const entry: ManifestItem = { id: item.id, kind: 'database', status: 'ok', engine, format: m.formats[0], file: 'x.dump', compression: 'none' };
        expect(m.restoreBlocker(entry, item), `${engine} blocker`).toBeUndefined();
        const step = m.restoreStep({ entry, item, restoring: new Set([item.id]), storagePath: '/nonexistent/storage' });
        expect(step.entry).toBe(entry);
        expect(typeof step.apply).toBe('function');
        // Asked of a server that is not there, a rights check still answers with a preflight line.
        if (!m.cannot?.rightsCheck) expect(await m.rightsCheck(item, entry), `${engine} rights`).toMatchObject({ id: 'rights:external:x', ok: false });
      }
    }
  });
});
