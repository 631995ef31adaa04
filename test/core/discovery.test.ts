import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverInstalls } from '../../source/core/discover/discovery.js';
import { loadConfig, scanRoots } from '../../source/core/settings/config.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'nbdisc-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const createApp = JSON.stringify({ name: 'x', dependencies: { '@nocobase/cli': '1.9.0' } });

describe('discovery', () => {
  it('finds installs the nb CLI records, with .env and storage beside source/', async () => {
    const root = tree({ 'apps/shop/source/package.json': JSON.stringify({ name: 'shop', dependencies: { '@nocobase/app': '2.2.1' } }), 'apps/shop/.env': 'DB_DIALECT=sqlite\n', 'nb/config.json': '' });
    writeFileSync(path.join(root, 'nb/config.json'), JSON.stringify({ apps: { shop: { path: path.join(root, 'apps/shop') } } }));
    const { installs } = await discoverInstalls({ roots: [], nbCliConfig: path.join(root, 'nb/config.json') });
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatchObject({ path: path.join(root, 'apps/shop/source'), envFile: path.join(root, 'apps/shop/.env'), storagePath: path.join(root, 'apps/shop/storage'), codeVersion: '2.2.1' });
  });

  it('honours STORAGE_PATH and explicit installs with their own env file', async () => {
    const root = tree({ 'a/package.json': createApp, 'a/custom.env': 'DB_DIALECT=sqlite\nSTORAGE_PATH=/data/nb\n' });
    const { installs } = await discoverInstalls({ roots: [], installs: [{ path: path.join(root, 'a'), envFile: 'custom.env' }], nbCliConfig: false });
    expect(installs[0]).toMatchObject({ envFile: path.join(root, 'a/custom.env'), storagePath: '/data/nb' });
  });

  it('does not follow symlinked folders, skips node_modules, and stops at an install', async () => {
    const root = tree({
      'one/package.json': createApp,
      'one/packages/inner/package.json': createApp,
      'two/node_modules/x/package.json': createApp,
    });
    symlinkSync(root, path.join(root, 'two/loop'));
    symlinkSync(path.join(root, 'one'), path.join(root, 'alias'));
    const { installs, warnings } = await discoverInstalls({ roots: [root], nbCliConfig: false });
    expect(installs.map((i) => path.relative(root, i.path))).toEqual(['one']);
    expect(warnings).toEqual([]);
  });

  it('reports an unreadable env file as a warning on the install', async () => {
    const root = tree({ 'a/package.json': createApp });
    const { installs } = await discoverInstalls({ roots: [root], nbCliConfig: false });
    expect(installs[0].warnings).toEqual([`env file not found: ${path.join(root, 'a/.env')}`]);
  });
});

describe('config', () => {
  it('reads roots from .nbbackuprc relative to its folder, and rejects bad settings', async () => {
    const root = tree({ '.nbbackuprc': 'roots:\n  - ./apps\njobs: 3\n' });
    const config = await loadConfig(root, '');
    expect(scanRoots([], config)).toEqual([path.join(root, 'apps')]);
    expect(scanRoots(['x'], config, '/w')).toEqual(['/w/x']);
    const bad = tree({ '.nbbackuprc': 'jobs: many\n' });
    await expect(loadConfig(bad, '')).rejects.toThrow(/jobs: /);
  });
});
