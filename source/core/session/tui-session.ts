import { ensureDemo } from '../demo/demo-install.js';
import { startDemoServer, type RunningDemoServer } from '../demo/demo-server.js';
import { scanMachine, type MachineScan } from '../scan/machine-scan.js';

export interface TuiSession {
  /** This machine's installs, or the demo install's when it stands in for real ones. */
  readonly scan: MachineScan;
  readonly demoNote?: string;
  /** Stops what the session started (the demo's PostgreSQL). */
  close(): Promise<void>;
}

/**
 * What the interactive tool opens on: the installs of this machine, or — when there are none, or when
 * asked — the demo install, with a PostgreSQL of its own for this session when the machine has one.
 */
export async function openTuiSession(options: { demo: boolean }): Promise<TuiSession> {
  if (!options.demo) {
    const scan = await scanMachine();
    if (scan.installs.length) return { scan, close: async () => undefined };
  }
  const { server, why } = await startDemoServer();
  const demo = await ensureDemo(server);
  const lead = options.demo ? 'Demo install' : 'No NocoBase install found here, so this is the demo install';
  const demoNote = `${lead} at ${demo.path} (remove it with: nbbackup demo --remove).${why ? ` Note: ${why}.` : ''}`;
  return { scan: await scanMachine({ roots: [demo.path] }), demoNote, close: () => stopServer(server) };
}

async function stopServer(server: RunningDemoServer | undefined): Promise<void> {
  await server?.stop().catch(() => undefined);
}
