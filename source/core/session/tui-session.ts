import { demoAppPath, ensureDemo } from '../demo/demo-install.js';
import { startDemoServer, type RunningDemoServer } from '../demo/demo-server.js';
import { sweepAtStart } from '../process/run-dir.js';
import { ToolFinder } from '../process/tool-finder.js';
import { scanMachine, type MachineScan, type ScanEvents } from '../scan/machine-scan.js';

export interface TuiSession {
  /** This machine's installs as they are found, or the demo install's when it stands in for real ones. */
  readonly scan: MachineScan;
  /** Walks the disk again (r on the home and installs screens): installs made or removed since. */
  rescan(): MachineScan;
  /** Stops what the session started (the demo's PostgreSQL). */
  close(): Promise<void>;
}

/**
 * What the interactive tool opens on: the installs of this machine, streamed in as the walk finds them,
 * or — when the walk finds none, or when asked — the demo install, with a PostgreSQL of its own for this
 * session when the machine has one. Returns at once: the first frame never waits for the disk.
 */
export function openTuiSession(options: { demo: boolean }): TuiSession {
  // What a killed run left in the private runtime folder goes first, beside the first frame.
  void sweepAtStart().catch(() => undefined);
  let demo: Promise<{ server?: RunningDemoServer; path: string; note: string }> | undefined;

  /** Starts the demo once per session, saying why, and scans only its folder. */
  const demoScan = async (why: 'asked' | 'none-found', events: ScanEvents): Promise<MachineScan> => {
    events.onStep?.(why === 'asked' ? 'Starting the demo install and its PostgreSQL…' : 'No NocoBase install found: starting the demo install and its PostgreSQL…');
    demo ??= (async () => {
      const { server, why: trouble } = await startDemoServer();
      const { path } = await ensureDemo(server);
      // Said once, and again after every r: why the demo stands in, and what its server could not do.
      const lead = why === 'asked' ? 'This is the demo install' : 'No NocoBase install was found on this machine, so this is the demo install';
      return { server, path, note: `${lead}, at ${path} (remove it with: nbbackup demo --remove).${trouble ? ` Note: ${trouble}.` : ''}` };
    })();
    const { path, note } = await demo;
    events.onNote?.(note);
    events.onStep?.('Reading the demo install…');
    return scanMachine({ roots: [path] });
  };

  /** The real machine's installs; if the whole walk finds none, the demo's instead. */
  const sessionScan = (): MachineScan => {
    if (options.demo || demo) return deferred((events) => demoScan('asked', events));
    // The demo's own folder is never taken for a real install (it would show as one that is broken).
    const real = scanMachine({ skip: [demoAppPath()] });
    return {
      tools: real.tools,
      walked: real.walked,
      async inventories(inventoryOptions, events = {}) {
        const found = await real.inventories(inventoryOptions, events);
        if (found.length) return found;
        return (await demoScan('none-found', events)).inventories(inventoryOptions, events);
      },
    };
  };
  return {
    scan: sessionScan(),
    rescan: sessionScan,
    close: async () => {
      const started = await demo?.catch(() => undefined);
      await started?.server?.stop().catch(() => undefined);
    },
  };
}

/** A scan that can only begin once something slow (the demo's server) is ready: it begins when asked. */
function deferred(make: (events: ScanEvents) => Promise<MachineScan>): MachineScan {
  let made: Promise<MachineScan> | undefined;
  let settle!: (scan: Promise<MachineScan>) => void;
  const ready = new Promise<MachineScan>((resolve) => (settle = resolve));
  const walked = ready.then((scan) => scan.walked);
  walked.catch(() => undefined);
  const tools = new ToolFinder();
  return {
    tools,
    walked,
    async inventories(inventoryOptions, events = {}) {
      if (!made) {
        made = make(events);
        settle(made);
      }
      return (await made).inventories(inventoryOptions, events);
    },
  };
}
