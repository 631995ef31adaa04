import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** source/core's folders in pipeline order: a file may import only from its own folder or those before it. */
const LAYERS = ['errors.ts', 'text', 'process', 'crypt', 'db', 'discover', 'inventory', 'set', 'stream', 'settings', 'engines', 'scan', 'verify', 'backup', 'restore', 'copy', 'profiles', 'migrate', 'demo', 'session'];
const core = path.resolve(import.meta.dirname, '../../source/core');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const layerOf = (file: string) => LAYERS.indexOf(path.relative(core, file).split(path.sep)[0]);

describe('source/core', () => {
  it('has a folder for each step of the pipeline, and nothing loose but errors.ts', () => {
    for (const file of files(core)) expect(layerOf(file), path.relative(core, file)).toBeGreaterThanOrEqual(0);
  });

  it('never imports back up the layers, and never React or Ink', () => {
    const upward: string[] = [];
    for (const file of files(core)) {
      const text = readFileSync(file, 'utf8');
      expect(text, path.relative(core, file)).not.toMatch(/from '(react|ink)[/']/);
      for (const match of text.matchAll(/from '(\.[^']+)'/g)) {
        const target = path.resolve(path.dirname(file), match[1].replace(/\.js$/, '.ts'));
        if (layerOf(target) > layerOf(file)) upward.push(`${path.relative(core, file)} → ${path.relative(core, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps every file under 300 lines', () => {
    const long = files(path.resolve(core, '..')).filter((f) => readFileSync(f, 'utf8').split('\n').length > 300);
    expect(long.map((f) => path.relative(core, f))).toEqual([]);
  });
});
