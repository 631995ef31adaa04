import path from 'node:path';
import type { Install } from '../discover/install.js';
import { discoverInstalls } from '../discover/discovery.js';
import type { InstallInventory } from '../inventory/install-inventory.js';
import { ToolFinder } from '../process/tool-finder.js';
import { loadConfig, scanRoots, type Config } from '../settings/config.js';
import { takeInventory } from './take-inventory.js';

export interface WalkResult {
  readonly installs: readonly Install[];
  readonly warnings: readonly string[];
}

/** What a scan is doing, for a spinner: walking the disk, or something slower it had to start. */
export interface ScanEvents {
  readonly onEach?: (inventory: InstallInventory) => void;
  readonly onStep?: (line: string) => void;
  /** A lasting note about what is shown (the demo standing in for real installs). */
  readonly onNote?: (note: string) => void;
}

/**
 * One scan of this machine, shared by the interactive tool and the headless commands: the disk is
 * walked once (it starts at once and never blocks the event loop), tools are looked up once, and each
 * install's inventory is taken as soon as the walk finds it — a first frame never waits for a walk.
 */
export interface MachineScan {
  readonly tools: ToolFinder;
  /** Every install found and the walk's warnings, once the walk is over. */
  readonly walked: Promise<WalkResult>;
  /** Every install's inventory in discovery order, each handed to `onEach` as soon as it is taken. */
  inventories(options?: { readonly offline?: boolean }, events?: ScanEvents): Promise<InstallInventory[]>;
}

export interface ScanRequest {
  /** Folders named on the command line; else the config's roots, else the usual places. */
  readonly roots?: readonly string[];
  readonly config?: Config;
  /** Install folders to leave out (the demo's, when real installs are looked for). */
  readonly skip?: readonly string[];
}

export function scanMachine(request: ScanRequest = {}): MachineScan {
  const skip = new Set((request.skip ?? []).map((dir) => path.resolve(dir)));
  const found: Install[] = [];
  const waiting = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of waiting) wake();
    waiting.clear();
  };
  let over = false;
  const walked = (async (): Promise<WalkResult> => {
    const config = request.config ?? (await loadConfig());
    const onInstall = (install: Install) => {
      if (skip.has(path.resolve(install.path))) return;
      found.push(install);
      wakeAll();
    };
    const result = await discoverInstalls({ roots: scanRoots(request.roots ?? [], config), installs: config.installs, onInstall });
    return { installs: [...found], warnings: result.warnings };
  })().finally(() => {
    over = true;
    wakeAll();
  });
  // Whoever asks gets the error; an unasked failure must not end the process.
  walked.catch(() => undefined);
  const tools = new ToolFinder();
  return {
    tools,
    walked,
    async inventories(options = {}, events = {}) {
      const out: InstallInventory[] = [];
      for (let next = 0; ; next++) {
        while (next >= found.length && !over) await new Promise<void>((resolve) => waiting.add(resolve));
        if (next >= found.length) break;
        const inventory = await takeInventory(found[next], { tools, offline: options.offline });
        out.push(inventory);
        events.onEach?.(inventory);
      }
      await walked;
      return out;
    },
  };
}
