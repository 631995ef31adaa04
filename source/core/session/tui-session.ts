import { demoAppPath, ensureDemo } from '../demo/demo-install.js';
import { startDemoServer, type RunningDemoServer } from '../demo/demo-server.js';
import { scanMachine, type MachineScan } from '../scan/machine-scan.js';
import { sweepAtStart } from '../process/run-dir.js';

export interface TuiSession {
  /** This machine's installs, or the demo install's when it stands in for real ones. */
  readonly scan: MachineScan;
  readonly demoNote?: string;
  /** Walks the disk again (r on the home and installs screens): installs made or removed since. */
  rescan(): Promise<MachineScan>;
  /** Stops what the session started (the demo's PostgreSQL). */
  close(): Promise<void>;
}

/**
 * What the interactive tool opens on: the installs of this machine, or — when there are none, or when
 * asked — the demo install, with a PostgreSQL of its own for this session when the machine has one.
 */
export async function openTuiSession(options: { demo: boolean; onStep?: (line: string) => void }): Promise<TuiSession> {
  await sweepAtStart();
  if (!options.demo) {
    // The demo's own folder is never taken for a real install (it would show as one that is broken).
    const real = () => scanMachine({ skip: [demoAppPath()] });
    const scan = await real();
    if (scan.installs.length) return { scan, rescan: real, close: async () => undefined };
  }
  options.onStep?.(options.demo ? 'Starting the demo install and its PostgreSQL…' : 'No NocoBase install found: starting the demo install and its PostgreSQL…');
  const { server, why } = await startDemoServer();
  const demo = await ensureDemo(server);
  const lead = options.demo ? 'This is the demo install' : 'No NocoBase install was found on this machine, so this is the demo install';
  const demoNote = `${lead}, at ${demo.path} (remove it with: nbbackup demo --remove).${why ? ` Note: ${why}.` : ''}`;
  const rescan = () => scanMachine({ roots: [demo.path] });
  return { scan: await rescan(), demoNote, rescan, close: () => stopServer(server) };
}

async function stopServer(server: RunningDemoServer | undefined): Promise<void> {
  await server?.stop().catch(() => undefined);
}
