import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { locateInstall } from '../../source/core/discover/locate-install.js';
import type { Install } from '../../source/core/discover/install.js';
import { useRestore, type RestoreActions, type RestoreState } from '../../source/ui/hooks/use-restore.js';
import { buildRichInstall, richState, type RichInstall } from '../support/fixtures.js';
import { backUpInto } from '../support/run-cli.js';
import { standInApp, type StandInApp } from '../support/stand-in-app.js';
import { waitFor } from '../support/wait-for.js';
import { failingShopCopy } from '../support/damaged-sets.js';

// The restore screen's `s` stops a running app before the restore; when the restore then fails and
// is rolled back, the app it stopped runs again (as `restore --stop-app` does), on the data it had.

const pg = inject('pg');
const maria = inject('maria');
let a: RichInstall;
let b: RichInstall;
let broken: string;
let app: StandInApp;

beforeAll(async () => {
  a = await buildRichInstall(pg, maria);
  b = await buildRichInstall(pg, maria, 'create table leftover (id int);');
  app = await standInApp(b.dir);
  // A set whose shop dump fails halfway (a table that does not exist), its manifest made to match.
  broken = await failingShopCopy(await backUpInto(a.dir, 'all'));
});
afterAll(async () => {
  app?.stop();
  await a?.cleanup();
  await b?.cleanup();
});

function Probe({ setDir, target, into }: { readonly setDir: string; readonly target: Install; readonly into: { state?: RestoreState; actions?: RestoreActions } }) {
  const { state, ...actions } = useRestore(setDir, target);
  into.state = state;
  into.actions = actions;
  return <Text>{state.outcome?.result ?? (state.preparing ? 'preparing' : 'ready')}</Text>;
}

describe('the restore screen, after stopping the app itself', () => {
  it('starts the app again when the restore fails and is rolled back', async () => {
    await app.start();
    const before = await richState(pg, maria, b);
    const seen: { state?: RestoreState; actions?: RestoreActions } = {};
    const ui = render(<Probe setDir={broken} target={await locateInstall(b.dir, {})} into={seen} />);
    try {
      await waitFor(() => seen.state?.prepared !== undefined && !seen.state.preparing, { what: 'the preflight' });
      expect(seen.state?.prepared?.checks.find((c) => c.id === 'app-stopped')?.ok).toBe(false);
      seen.actions!.stopApp();
      await waitFor(async () => !(await app.running()) && !seen.state?.preparing && seen.state?.prepared?.checks.find((c) => c.id === 'app-stopped')?.ok === true, { what: 'the app stopped and the checks made again' });
      seen.actions!.start({ snapshot: false, upgrade: false, startApp: false, safetyDir: mkdtempSync(path.join(os.tmpdir(), 'nbtest-safety-')) });
      await waitFor(() => seen.state?.outcome !== undefined && seen.state.started !== undefined, { what: 'the restore to end and the app to be started', timeoutMs: 120_000 });
      expect(seen.state?.outcome?.result).toBe('failed');
      expect(seen.state?.started).toEqual({ ok: true, detail: `started; NocoBase answers its health check on port ${app.port}` });
      expect(await app.running()).toBe(true);
      expect(await richState(pg, maria, b)).toEqual(before);
    } finally {
      ui.unmount();
    }
  });
});
