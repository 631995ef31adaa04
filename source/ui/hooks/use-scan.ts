import { useEffect, useState } from 'react';
import { errorLine } from '../../core/errors.js';
import type { MachineScan } from '../../core/scan/machine-scan.js';
import type { InstallInventory } from '../../core/scan/take-inventory.js';

export interface ScanState {
  readonly scanning: boolean;
  readonly inventories: readonly InstallInventory[];
  readonly warnings: readonly string[];
  readonly error?: string;
}

/** Takes the inventories of the session's installs once; they appear one by one as each is taken. */
export function useScan(scan: MachineScan): ScanState {
  const [state, setState] = useState<ScanState>({ scanning: true, inventories: [], warnings: [] });
  useEffect(() => {
    let cancelled = false;
    // A new scan (r) starts from nothing: its installs replace the last scan's, never add to them.
    setState({ scanning: true, inventories: [], warnings: [] });
    scan
      .inventories({}, (inventory) => {
        if (!cancelled) setState((s) => ({ ...s, inventories: [...s.inventories, inventory] }));
      })
      .then(() => {
        if (!cancelled) setState((s) => ({ ...s, scanning: false, warnings: scan.warnings }));
      })
      .catch((error: unknown) => {
        if (!cancelled) setState((s) => ({ ...s, scanning: false, error: errorLine(error) }));
      });
    return () => {
      cancelled = true;
    };
  }, [scan]);
  return state;
}
