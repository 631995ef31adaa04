import { useEffect, useState } from 'react';
import { loadConfig, scanRoots } from '../../core/settings/config.js';
import { discoverInstalls } from '../../core/discover/discovery.js';
import { errorLine } from '../../core/errors.js';
import { takeInventory, type InstallInventory } from '../../core/scan/take-inventory.js';
import { ToolFinder } from '../../core/process/tool-finder.js';

export interface ScanState {
  readonly scanning: boolean;
  readonly inventories: readonly InstallInventory[];
  readonly warnings: readonly string[];
  readonly error?: string;
}

/** Scans once on mount; installs appear one by one as their inventory is taken. */
const NO_ROOTS: readonly string[] = [];

export function useScan(roots: readonly string[] = NO_ROOTS): ScanState {
  const [state, setState] = useState<ScanState>({ scanning: true, inventories: [], warnings: [] });
  const key = roots.join('\n');
  useEffect(() => {
    const rootList = key ? key.split('\n') : [];
    let cancelled = false;
    (async () => {
      const config = await loadConfig();
      const tools = new ToolFinder();
      const found = await discoverInstalls({ roots: scanRoots(rootList, config), installs: config.installs });
      for (const install of found.installs) {
        const inventory = await takeInventory(install, { tools });
        if (cancelled) return;
        setState((s) => ({ ...s, inventories: [...s.inventories, inventory] }));
      }
      if (!cancelled) setState((s) => ({ ...s, scanning: false, warnings: found.warnings }));
    })().catch((error: unknown) => {
      if (!cancelled) setState((s) => ({ ...s, scanning: false, error: errorLine(error) }));
    });
    return () => {
      cancelled = true;
    };
    // Keyed on the roots' text so a new array with the same folders does not scan again.
  }, [key]);
  return state;
}
