import { describe, expect, it } from 'vitest';
import type { DbTarget } from '../../../source/core/db/db-target.js';
import type { EngineFunction } from '../../../source/core/engines/engine.js';
import { ENGINE_MODULES, engineModule, moduleForFormat } from '../../../source/core/engines/registry.js';
import type { DatabaseItem } from '../../../source/core/inventory/item.js';
import type { ManifestItem } from '../../../source/core/set/manifest.js';
import { closedPort } from '../../support/child-env.js';

const FUNCTIONS: readonly EngineFunction[] = ['probe', 'connect', 'prepareDump', 'verifyDump', 'restoreStep', 'rightsCheck'];

/** An item of that engine on a server that is not there: enough to build steps and ask for rights. */
async function itemOf(engine: string): Promise<DatabaseItem> {
  const target: DbTarget = engine === 'sqlite' ? { engine: 'sqlite', file: '/nonexistent/nb.sqlite' } : { engine: engine as never, host: '127.0.0.1', port: closedPort(), database: 'nb', user: 'nb', password: 'pw' };
  return { id: 'external:x', group: 'external', kind: 'database', label: 'x', engine, target, status: 'ok', selected: true };
}

describe('the engine registry', () => {
  it.each(ENGINE_MODULES.map((m) => [m.name, m] as const))('%s implements every function, or says why it cannot', (_name, module) => {
    for (const fn of FUNCTIONS) {
      expect(typeof module[fn], `${module.name}.${fn}`).toBe('function');
      const why = module.cannot?.[fn];
      if (why !== undefined) expect(why, `${module.name} cannot ${fn}: the reason`).toMatch(/^(?!.*not available).{20,}/);
    }
    expect(typeof module.restoreBlocker).toBe('function');
    expect(module.tools().hint).toMatch(/install/);
    expect(module.formats.length).toBeGreaterThan(0);
  });

  it('serves every engine NocoBase stores data in, and every dump format a set can hold, exactly once', () => {
    for (const engine of ['postgres', 'kingbase', 'mysql', 'mariadb', 'sqlite', 'mssql', 'oracle']) {
      expect(ENGINE_MODULES.filter((m) => (m.engines as readonly string[]).includes(engine)), engine).toHaveLength(1);
      expect(engineModule(engine).engines).toContain(engine);
    }
    const formats = ENGINE_MODULES.flatMap((m) => m.formats);
    expect(new Set(formats).size).toBe(formats.length);
    for (const format of formats) expect(moduleForFormat(format).formats).toContain(format);
  });

  it('says plainly when an engine or a format is unknown', () => {
    expect(() => engineModule('db2')).toThrow(/db2 databases are not supported/);
    expect(() => moduleForFormat('zip')).toThrow(/zip dump/);
  });

  it('restores every database engine it backs up: no blocker for a plain item, a step, and a rights check unless it cannot', async () => {
    for (const m of ENGINE_MODULES) {
      for (const engine of m.engines) {
        const item = await itemOf(engine);
        const entry: ManifestItem = { id: item.id, kind: 'database', status: 'ok', engine, format: m.formats[0], file: 'x.dump', compression: 'none' };
        expect(m.restoreBlocker(entry, item), `${engine} blocker`).toBeUndefined();
        const step = m.restoreStep({ entry, item, restoring: [entry], storagePath: '/nonexistent/storage' });
        expect(step.entry).toBe(entry);
        expect(typeof step.apply).toBe('function');
        // Asked of a server that is not there, a rights check still answers with a preflight line.
        if (!m.cannot?.rightsCheck) expect(await m.rightsCheck(item, entry), `${engine} rights`).toMatchObject({ id: 'rights:external:x', ok: false });
      }
    }
  });
});
