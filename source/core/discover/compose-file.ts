import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { interpolate } from './compose-interpolate.js';
import { parseEnvText, type EnvMap } from './env-file.js';
import { NbError } from '../errors.js';

/** Inside the official image NocoBase lives here; storage is bind-mounted below it. */
export const CONTAINER_APP_ROOT = '/app/nocobase';
export const NOCOBASE_IMAGE = /(^|\/)nocobase\/nocobase(:|@|$)/;

export interface ComposePort {
  readonly hostIp?: string;
  readonly published?: number;
  readonly target: number;
}

export interface ComposeMount {
  readonly source: string; // absolute host path for binds, the volume name otherwise
  readonly target: string;
  readonly bind: boolean;
}

export interface ComposeService {
  readonly name: string;
  readonly image?: string;
  readonly containerName?: string;
  readonly environment: EnvMap;
  readonly envFiles: readonly string[];
  readonly mounts: readonly ComposeMount[];
  readonly ports: readonly ComposePort[];
  readonly networkMode?: string;
}

export interface ComposeProject {
  readonly file: string;
  readonly dir: string;
  readonly services: readonly ComposeService[];
}

type Raw = Record<string, unknown>;

/** Reads a compose file the way `docker compose` does: project `.env` for interpolation, env_file then environment. */
export async function readComposeFile(file: string): Promise<ComposeProject> {
  const dir = path.dirname(file);
  const projectText = await readOptionalText(path.join(dir, '.env'));
  const projectVars = projectText === undefined ? {} : parseEnvText(projectText);
  const text = await readFile(file, 'utf8');
  return parseCompose(text, file, projectVars, readOptionalText);
}

export async function parseCompose(
  text: string,
  file: string,
  projectVars: EnvMap,
  loadEnvFile: (p: string) => Promise<string | undefined>,
): Promise<ComposeProject> {
  const dir = path.dirname(file);
  const { default: YAML } = await import('yaml');
  let doc: unknown;
  try {
    doc = YAML.parse(interpolate(text, projectVars));
  } catch (error) {
    if (error instanceof NbError) throw error;
    throw new NbError(`cannot parse ${file}: ${(error as Error).message.split('\n')[0]}`, 'check the YAML syntax');
  }
  const servicesRaw = (isObject(doc) && isObject(doc.services) ? doc.services : {}) as Raw;
  const services: ComposeService[] = [];
  for (const [name, value] of Object.entries(servicesRaw)) {
    if (!isObject(value)) continue;
    const envFiles = listEnvFiles(value.env_file, dir);
    const environment: Record<string, string> = {};
    for (const envFile of envFiles) {
      const envText = await loadEnvFile(envFile.path);
      if (envText === undefined && envFile.required) throw new NbError(`env_file not found: ${envFile.path}`, `create it or fix env_file in ${file}`);
      const literal = singleQuotedKeys(envText ?? '');
      for (const [key, raw] of Object.entries(parseEnvText(envText ?? ''))) {
        environment[key] = literal.has(key) ? raw : interpolate(raw, { ...projectVars, ...environment });
      }
    }
    Object.assign(environment, readEnvironment(value.environment, projectVars));
    services.push({
      name,
      image: typeof value.image === 'string' ? value.image : undefined,
      containerName: typeof value.container_name === 'string' ? value.container_name : undefined,
      environment,
      envFiles: envFiles.map((f) => f.path),
      mounts: readMounts(value.volumes, dir),
      ports: readPorts(value.ports),
      networkMode: typeof value.network_mode === 'string' ? value.network_mode : undefined,
    });
  }
  return { file, dir, services };
}

export function findNocoBaseService(project: ComposeProject): ComposeService | undefined {
  return project.services.find((s) => s.image !== undefined && NOCOBASE_IMAGE.test(s.image));
}

/** The service a host name refers to inside the compose network (by service or container name). */
export function serviceByHost(project: ComposeProject, host: string): ComposeService | undefined {
  return project.services.find((s) => s.name === host || s.containerName === host);
}

/** Maps a path inside the container to the host through the service's bind mounts (longest match wins). */
export function hostPathFor(service: ComposeService, containerPath: string): string | undefined {
  const target = path.posix.resolve(CONTAINER_APP_ROOT, containerPath);
  const mount = [...service.mounts]
    .filter((m) => m.bind && (target === m.target || target.startsWith(m.target.replace(/\/$/, '') + '/')))
    .sort((a, b) => b.target.length - a.target.length)[0];
  if (!mount) return undefined;
  return path.join(mount.source, path.posix.relative(mount.target, target));
}

function listEnvFiles(value: unknown, dir: string): { path: string; required: boolean }[] {
  const entries = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return entries.flatMap((entry) => {
    if (typeof entry === 'string') return [{ path: path.resolve(dir, entry), required: true }];
    if (isObject(entry) && typeof entry.path === 'string') {
      return [{ path: path.resolve(dir, entry.path), required: entry.required !== false }];
    }
    return [];
  });
}

function readEnvironment(value: unknown, projectVars: EnvMap): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const entry of value) {
      const text = String(entry);
      const eq = text.indexOf('=');
      // `- NAME` with no value passes the variable through from the shell compose runs in.
      if (eq === -1) {
        if (projectVars[text] !== undefined) out[text] = projectVars[text];
      } else {
        out[text.slice(0, eq)] = text.slice(eq + 1);
      }
    }
  } else if (isObject(value)) {
    for (const [key, raw] of Object.entries(value)) {
      if (raw === null || raw === undefined) {
        if (projectVars[key] !== undefined) out[key] = projectVars[key];
      } else {
        out[key] = String(raw);
      }
    }
  }
  return out;
}

function readMounts(value: unknown, dir: string): ComposeMount[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): ComposeMount[] => {
    if (typeof entry === 'string') {
      const [source, target] = entry.split(':');
      if (!target) return [];
      const bind = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
      return [{ source: bind ? resolveHostPath(source, dir) : source, target, bind }];
    }
    if (isObject(entry) && typeof entry.target === 'string' && typeof entry.source === 'string') {
      const bind = entry.type === 'bind';
      return [{ source: bind ? resolveHostPath(entry.source, dir) : entry.source, target: entry.target, bind }];
    }
    return [];
  });
}

function readPorts(value: unknown): ComposePort[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): ComposePort[] => {
    if (isObject(entry) && entry.target !== undefined) {
      return [
        {
          target: Number(entry.target),
          published: entry.published === undefined ? undefined : Number(entry.published),
          hostIp: typeof entry.host_ip === 'string' ? entry.host_ip : undefined,
        },
      ];
    }
    const text = String(entry).replace(/\/(tcp|udp)$/, '');
    const parts = text.split(':');
    const target = Number(parts.pop());
    const published = parts.length ? Number(parts.pop()) : undefined;
    const hostIp = parts.length ? parts.join(':').replace(/^\[|\]$/g, '') : undefined;
    return Number.isFinite(target) ? [{ target, published: Number.isFinite(published) ? published : undefined, hostIp }] : [];
  });
}

function resolveHostPath(source: string, dir: string): string {
  if (source.startsWith('~')) return path.join(process.env.HOME ?? '/root', source.slice(1));
  return path.resolve(dir, source);
}

async function readOptionalText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}

/** Compose leaves single-quoted env_file values as they are; every other value is interpolated. */
function singleQuotedKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*'/.exec(line);
    if (match) keys.add(match[1]);
  }
  return keys;
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
