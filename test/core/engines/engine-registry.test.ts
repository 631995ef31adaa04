import { describe, expect, it } from 'vitest';
import type { EngineFunction } from '../../../source/core/engines/engine.js';
import { ENGINE_MODULES, engineModule, moduleForFormat } from '../../../source/core/engines/registry.js';

const FUNCTIONS: readonly EngineFunction[] = ['probe', 'connect', 'prepareDump', 'verifyDump', 'restoreStep', 'rightsCheck'];

describe('the engine registry', () => {
  it.each(ENGINE_MODULES.map((m) => [m.name, m] as const))('%s implements every function, or says why it cannot', (_name, module) => {
    for (const fn of FUNCTIONS) {
      expect(typeof module[fn], `${module.name}.${fn}`).toBe('function');
      const why = module.cannot?.[fn];
      if (why !== undefined) expect(why.length, `${module.name} cannot ${fn}: the reason`).toBeGreaterThan(20);
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
});
