import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTAINER_APP_ROOT, findNocoBaseService, hostPathFor, readComposeFile } from './compose-file.js';
import { readEnvFile, type EnvMap } from './env-file.js';
import { errorLine } from '../errors.js';
import type { Install, Layout } from './install.js';

export const COMPOSE_FILE_NAMES = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml'];

interface PackageJson {
  name?: string;
  version?: string;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The NocoBase install rooted at `dir`, or undefined when the folder is not one. */
export interface RecogniseOptions {
  /** A non-default env file (APP_ENV_PATH, or the `nb` CLI's layout). */
  readonly envFile?: string;
  readonly storagePath?: string;
}

export async function recogniseInstall(dir: string, options: RecogniseOptions = {}): Promise<Install | undefined> {
  const pkg = await readJson<PackageJson>(path.join(dir, 'package.json'));
  const layout = pkg && appLayout(pkg);
  if (pkg && layout && (await layoutHolds(layout, dir))) return appInstall(dir, layout, pkg, options);
  for (const name of COMPOSE_FILE_NAMES) {
    const file = path.join(dir, name);
    if (await exists(file)) {
      const install = await composeInstall(file);
      if (install) return install;
    }
  }
  return undefined;
}

function appLayout(pkg: PackageJson): Layout | undefined {
  const workspaces = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces?.packages ?? []);
  if (pkg.name === 'nocobase' && workspaces.includes('packages/*/*')) return 'source';
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  // v1.x–2.0 apps depend on @nocobase/cli; v2.1+ on @nocobase/app.
  if (deps['@nocobase/cli'] || deps['@nocobase/app']) return 'create-app';
  return undefined;
}

async function layoutHolds(layout: Layout, dir: string): Promise<boolean> {
  if (layout === 'source') return exists(path.join(dir, 'packages/core/server'));
  return true;
}

async function appInstall(dir: string, layout: Layout, pkg: PackageJson, options: RecogniseOptions): Promise<Install> {
  const warnings: string[] = [];
  const envFile = path.resolve(dir, options.envFile ?? '.env');
  let env: EnvMap = {};
  try {
    env = await readEnvFile(envFile);
  } catch (error) {
    warnings.push(errorLine(error));
  }
  return {
    path: dir,
    name: path.basename(dir),
    layout,
    envFile,
    env,
    storagePath: env.STORAGE_PATH ? path.resolve(dir, env.STORAGE_PATH) : (options.storagePath ?? path.join(dir, 'storage')),
    codeVersion: await codeVersion(dir, layout, pkg),
    warnings,
  };
}

async function composeInstall(file: string): Promise<Install | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  if (!text.includes('nocobase/nocobase')) return undefined;
  const dir = path.dirname(file);
  try {
    const project = await readComposeFile(file);
    const service = findNocoBaseService(project);
    if (!service?.image) return undefined;
    const storageInContainer = path.posix.resolve(CONTAINER_APP_ROOT, service.environment.STORAGE_PATH || 'storage');
    const storagePath = hostPathFor(service, storageInContainer);
    const warnings = storagePath
      ? []
      : [`storage is not bind-mounted to the host in service ${service.name}: mount ./storage:${storageInContainer}`];
    return {
      path: dir,
      name: path.basename(dir),
      layout: 'docker',
      envFile: service.envFiles[0] ?? file,
      env: service.environment,
      storagePath: storagePath ?? path.join(dir, 'storage'),
      codeVersion: imageVersion(service.image),
      compose: { file, service: service.name, image: service.image, project },
      warnings,
    };
  } catch (error) {
    return {
      path: dir,
      name: path.basename(dir),
      layout: 'docker',
      envFile: file,
      env: {},
      storagePath: path.join(dir, 'storage'),
      warnings: [errorLine(error)],
    };
  }
}

/** `nocobase/nocobase:1.7.14-full` → 1.7.14; moving tags such as `latest` say nothing. */
export function imageVersion(image: string): string | undefined {
  const tag = /:([^:/@]+)(@.*)?$/.exec(image)?.[1];
  return tag && /^\d+\.\d+\.\d+/.test(tag) ? /^\d+\.\d+\.\d+(-(alpha|beta|rc)[.\d]*)?/.exec(tag)?.[0] : undefined;
}

async function codeVersion(dir: string, layout: Layout, pkg: PackageJson): Promise<string | undefined> {
  const candidates = [path.join(dir, 'node_modules/@nocobase/server/package.json')];
  if (layout === 'source') candidates.push(path.join(dir, 'packages/core/server/package.json'));
  for (const file of candidates) {
    const version = (await readJson<PackageJson>(file))?.version;
    if (version) return version;
  }
  const declared = pkg.dependencies?.['@nocobase/app'] ?? pkg.dependencies?.['@nocobase/cli'];
  return declared ? /\d+\.\d+\.\d+[^\s]*/.exec(declared)?.[0] : undefined;
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
