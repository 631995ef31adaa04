import path from 'node:path';
import type { Install } from '../discover/install.js';
import { discoverInstalls } from '../discover/discovery.js';
import type { InstallInventory } from '../inventory/install-inventory.js';
import { ToolFinder } from '../process/tool-finder.js';
import { loadConfig, scanRoots, type Config } from '../settings/config.js';
import { takeInventory } from './take-inventory.js';

/**
 * One scan of this machine, shared by the interactive tool and the headless commands: the disk is
 * walked once, tools are looked up once, and each install's inventory is taken when asked for.
 */
export interface MachineScan {
  readonly installs: readonly Install[];
  readonly warnings: readonly string[];
  readonly tools: ToolFinder;
  /** Every install's inventory in discovery order, each handed to `onEach` as soon as it is taken. */
  inventories(options?: { readonly offline?: boolean }, onEach?: (inventory: InstallInventory) => void): Promise<InstallInventory[]>;
}

export interface ScanRequest {
  /** Folders named on the command line; else the config's roots, else the usual places. */
  readonly roots?: readonly string[];
  readonly config?: Config;
  /** Install folders to leave out (the demo's, when real installs are looked for). */
  readonly skip?: readonly string[];
}

export async function scanMachine(request: ScanRequest = {}): Promise<MachineScan> {
  const config = request.config ?? (await loadConfig());
  const found = await discoverInstalls({ roots: scanRoots(request.roots ?? [], config), installs: config.installs });
  const skip = new Set((request.skip ?? []).map((dir) => path.resolve(dir)));
  const installs = found.installs.filter((install) => !skip.has(path.resolve(install.path)));
  const tools = new ToolFinder();
  return {
    installs,
    warnings: found.warnings,
    tools,
    async inventories(options = {}, onEach) {
      const out: InstallInventory[] = [];
      for (const install of installs) {
        const inventory = await takeInventory(install, { tools, offline: options.offline });
        out.push(inventory);
        onEach?.(inventory);
      }
      return out;
    },
  };
}
