import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNocoBaseService, hostPathFor, parseCompose } from '../../source/core/discover/compose-file.js';
import { interpolate } from '../../source/core/discover/compose-interpolate.js';
import { imageVersion } from '../../source/core/discover/recognise-install.js';

const FILE = '/srv/nb/docker-compose.yml';
const parse = (text: string, vars: Record<string, string> = {}, files: Record<string, string> = {}) =>
  parseCompose(text, FILE, vars, async (p) => files[p]);

describe('compose interpolation', () => {
  const vars = { A: 'x', EMPTY: '' };
  it.each([
    ['$A', 'x'],
    ['${A}', 'x'],
    ['${MISSING:-dflt}', 'dflt'],
    ['${EMPTY:-dflt}', 'dflt'],
    ['${EMPTY-dflt}', ''],
    ['${A:+alt}', 'alt'],
    ['${MISSING+alt}', ''],
    ['$$A', '$A'],
    ['pa$$word', 'pa$word'],
    ['${MISSING:-${A}}', 'x'],
  ])('%s → %s', (input, expected) => expect(interpolate(input, vars)).toBe(expected));

  it('fails a required variable with its message', () => {
    expect(() => interpolate('${MISSING:?set the db name}', vars)).toThrow(/MISSING is required: set the db name/);
  });
});

describe('compose file parsing', () => {
  it('reads a list-style environment and relative bind mounts', async () => {
    const project = await parse(`services:
  app:
    image: nocobase/nocobase:1.7.14-full
    environment:
      - DB_DIALECT=postgres
      - DB_PASSWORD=a=b=c
      - FROM_SHELL
    volumes:
      - ./storage:/app/nocobase/storage
      - nbdata:/data
`, { FROM_SHELL: 'yes' });
    const app = findNocoBaseService(project);
    expect(app?.environment).toEqual({ DB_DIALECT: 'postgres', DB_PASSWORD: 'a=b=c', FROM_SHELL: 'yes' });
    expect(app?.mounts).toEqual([
      { source: '/srv/nb/storage', target: '/app/nocobase/storage', bind: true },
      { source: 'nbdata', target: '/data', bind: false },
    ]);
    expect(hostPathFor(app!, 'storage/db/nocobase.sqlite')).toBe('/srv/nb/storage/db/nocobase.sqlite');
  });

  it('reads a map-style environment, with numbers and booleans as text', async () => {
    const project = await parse(`services:
  app:
    image: registry.example.com/nocobase/nocobase:latest
    environment:
      DB_PORT: 5432
      DB_UNDERSCORED: true
      DB_HOST: \${DB_HOST:-postgres}
`);
    expect(findNocoBaseService(project)?.environment).toEqual({ DB_PORT: '5432', DB_UNDERSCORED: 'true', DB_HOST: 'postgres' });
  });

  it('applies env_file first and environment over it, interpolating all but single-quoted values', async () => {
    const project = await parse(
      `services:
  app:
    image: nocobase/nocobase:beta
    env_file:
      - ./a.env
      - path: ./optional.env
        required: false
    environment:
      DB_HOST: override
`,
      { ROOT: '/data' },
      { '/srv/nb/a.env': "DB_HOST=from-file\nDB_PASSWORD='lit$ROOT'\nSTORAGE_PATH=$ROOT/st\nSECRET=\"x$$y\"\n" },
    );
    const app = findNocoBaseService(project)!;
    expect(app.environment).toEqual({ DB_HOST: 'override', DB_PASSWORD: 'lit$ROOT', STORAGE_PATH: '/data/st', SECRET: 'x$y' });
    expect(app.envFiles).toEqual([path.join('/srv/nb', 'a.env'), path.join('/srv/nb', 'optional.env')]);
  });

  it('refuses a required env_file that is missing', async () => {
    await expect(parse(`services:\n  app:\n    image: nocobase/nocobase\n    env_file: .env.app\n`)).rejects.toThrow(/env_file not found: \/srv\/nb\/.env.app/);
  });

  it('reads long-syntax volumes and ports', async () => {
    const project = await parse(`services:
  app:
    image: nocobase/nocobase:1.8.0
    volumes:
      - type: bind
        source: /var/nb/storage
        target: /app/nocobase/storage
  db:
    image: mysql:8
    ports:
      - target: 3306
        published: 13306
        host_ip: 127.0.0.1
      - "8080:80/tcp"
      - "3307"
`);
    expect(hostPathFor(findNocoBaseService(project)!, '/app/nocobase/storage/uploads')).toBe('/var/nb/storage/uploads');
    expect(project.services[1].ports).toEqual([
      { target: 3306, published: 13306, hostIp: '127.0.0.1' },
      { target: 80, published: 8080, hostIp: undefined },
      { target: 3307, published: undefined, hostIp: undefined },
    ]);
  });

  it('names the line of a YAML error', async () => {
    await expect(parse('services:\n  app: [\n')).rejects.toThrow(/cannot parse \/srv\/nb\/docker-compose.yml/);
  });

  it('takes a version from an image tag, not from moving tags', () => {
    expect(imageVersion('nocobase/nocobase:1.7.14-full')).toBe('1.7.14');
    expect(imageVersion('nocobase/nocobase:2.0.0-beta.3')).toBe('2.0.0-beta.3');
    expect(imageVersion('nocobase/nocobase:latest-full')).toBeUndefined();
    expect(imageVersion('nocobase/nocobase')).toBeUndefined();
  });
});
