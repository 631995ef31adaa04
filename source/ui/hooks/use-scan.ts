import { useEffect, useState } from 'react';
import { errorLine } from '../../core/errors.js';
import type { MachineScan } from '../../core/scan/machine-scan.js';
import type { InstallInventory } from '../../core/scan/take-inventory.js';

export interface ScanState {
  readonly scanning: boolean;
  readonly inventories: readonly InstallInventory[];
  readonly warnings: readonly string[];
  readonly error?: string;
  /** What the spinner says while something slower than the walk is being started (the demo). */
  readonly step?: string;
  /** The demo install stands in for real ones: say so. */
  readonly demoNote?: string;
}

/** Takes the inventories of the session's installs once; they appear one by one as the walk finds them. */
export function useScan(scan: MachineScan): ScanState {
  const [state, setState] = useState<ScanState>({ scanning: true, inventories: [], warnings: [] });
  useEffect(() => {
    let cancelled = false;
    // A new scan (r) starts from nothing: its installs replace the last scan's, never add to them.
    setState({ scanning: true, inventories: [], warnings: [] });
    const update = (change: (s: ScanState) => ScanState) => !cancelled && setState(change);
    scan
      .inventories(
        {},
        {
          onEach: (inventory) => update((s) => ({ ...s, inventories: [...s.inventories, inventory] })),
          onStep: (step) => update((s) => ({ ...s, step })),
          onNote: (demoNote) => update((s) => ({ ...s, demoNote })),
        },
      )
      .then(async () => {
        const { warnings } = await scan.walked;
        update((s) => ({ ...s, scanning: false, step: undefined, warnings }));
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
