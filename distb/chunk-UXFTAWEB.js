import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  takeInventory
} from "./chunk-TM75O52I.js";
import {
  ToolFinder
} from "./chunk-MTJRFTSB.js";
import {
  discoverInstalls,
  loadConfig,
  scanRoots
} from "./chunk-PNQCBXDH.js";

// dist/source/core/scan/machine-scan.js
import path from "node:path";
async function scanMachine(request = {}) {
  const config = request.config ?? await loadConfig();
  const found = await discoverInstalls({ roots: scanRoots(request.roots ?? [], config), installs: config.installs });
  const skip = new Set((request.skip ?? []).map((dir) => path.resolve(dir)));
  const installs = found.installs.filter((install) => !skip.has(path.resolve(install.path)));
  const tools = new ToolFinder();
  return {
    installs,
    warnings: found.warnings,
    tools,
    async inventories(options = {}, onEach) {
      const out = [];
      for (const install of installs) {
        const inventory = await takeInventory(install, { tools, offline: options.offline });
        out.push(inventory);
        onEach?.(inventory);
      }
      return out;
    }
  };
}

export {
  scanMachine
};
