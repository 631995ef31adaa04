import type { ComposeProject } from './compose-file.js';
import type { EnvMap } from './env-file.js';

export type Layout = 'source' | 'create-app' | 'docker';

export interface ComposeInfo {
  readonly file: string;
  /** The NocoBase app service. */
  readonly service: string;
  readonly image: string;
  readonly project: ComposeProject;
}

/** An install named in .nbbackuprc, with the env file it keeps elsewhere. */
export interface ConfiguredInstall {
  readonly path: string;
  readonly envFile?: string;
}

/** One NocoBase install found on this machine, with its effective settings. */
export interface Install {
  readonly path: string;
  readonly name: string;
  readonly layout: Layout;
  /** The file the settings came from (`.env`, or the compose file for Docker installs without env_file). */
  readonly envFile?: string;
  /** Effective environment of the app: holds secrets, so never print it whole. */
  readonly env: EnvMap;
  readonly storagePath: string;
  /** The version the code on disk says, when it says one. */
  readonly codeVersion?: string;
  readonly compose?: ComposeInfo;
  readonly warnings: readonly string[];
}
