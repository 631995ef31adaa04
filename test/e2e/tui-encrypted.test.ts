import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pgAdmin } from '../support/pg-server.js';
import { ageDecryptWithPassphrase } from '../support/age-cli.js';
import { pgFingerprint } from '../support/db-fingerprint.js';
import { buildRichInstall, type RichInstall } from '../support/fixtures.js';
import { CLI } from '../support/run-cli.js';
import { TmuxSession } from '../support/tmux.js';

const pg = inject('pg');
const maria = inject('maria');
const PASSPHRASE = `lantern ${Math.random().toString(36).slice(2)} quay`;
const WRONG = 'lantern but wrong';
let install: RichInstall | undefined;
let tui: TmuxSession | undefined;

beforeAll(async () => {
  install = await buildRichInstall(pg, maria, '', '', { schemaApp: 'enc_app' });
});
afterAll(async () => {
  await tui?.kill();
  await install?.cleanup();
});

describe('an encrypted set in the interactive tool at 80×24', () => {
  it('seals a backup with a passphrase typed twice, and restores it once the passphrase is typed again', async () => {
    const a = install as RichInstall;
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'nbtest-tui-enc-'));
    const out = path.join(cwd, 'sets');
    writeFileSync(path.join(cwd, '.nbbackuprc'), `roots:\n  - ${a.dir}\nbackupDir: ${out}\n`);
    // No NBBACKUP_PASSPHRASE_FILE and no passcommand: only the prompt can give the passphrase.
    tui = await TmuxSession.start(`cd ${cwd} && exec ${process.execPath} ${CLI}`, { env: { NBBACKUP_STATE_DIR: `${cwd}/state`, NBBACKUP_PASSPHRASE_FILE: undefined } });
    const seen: string[] = [];
    const shows = async (what: string | RegExp, timeoutMs?: number) => {
      const screen = await tui!.waitFor(what, timeoutMs);
      seen.push(screen);
      return screen;
    };

    await shows('1 NocoBase install on this machine.');
    await tui.keys('Enter');
    await shows(/❯ .*create-app 1\.9\.3/);
    await tui.keys('Enter');
    await shows('tick what to back up');
    await tui.keys('n', 'Space', 'Enter');
    await shows('[ Start backup of 1 item ]');
    // Up to Encrypt, switch it on, down to the button, start.
    await tui.keys('k', 'Right');
    expect(await shows('‹ yes › with a passphrase typed at the start')).toMatch(/❯ Encrypt/);
    await tui.keys('j', 'Enter');
    await shows(/New passphrase:/);
    // Typed fast, enter included: nothing is drawn but one • per character.
    await tui.burst(PASSPHRASE, 'Enter');
    await shows('Type the same passphrase again to confirm it.');
    await tui.burst(PASSPHRASE, 'Enter');
    const summary = await shows(/Backup finished[\s\S]*enter do it/, 120_000);
    expect(summary).toMatch(/✔ Verified: \d+ files match the manifest and read back\./);

    // The set says how it is sealed and never with what; the stock age CLI opens it with the typed passphrase.
    const [set] = readdirSync(out);
    const manifest = readFileSync(path.join(out, set, 'manifest.json'), 'utf8');
    expect(JSON.parse(manifest).encryption).toEqual({ scheme: 'age', mode: 'passphrase' });
    expect(manifest).not.toContain(PASSPHRASE);
    const main = JSON.parse(manifest).items.find((i: { id: string }) => i.id === 'main').file as string;
    expect((await ageDecryptWithPassphrase(path.join(out, set, main), PASSPHRASE)).length).toBeGreaterThan(0);

    // A table made after the backup: the restore takes it away again.
    await pgAdmin(pg, `set role ${a.user}; create table made_after_backup (id int)`, a.pgDb);
    await tui.keys('j', 'Enter');
    await shows(/Restore into which install\?\n❯ /);
    await tui.keys('Enter');
    expect(await shows('Passphrase:')).toContain('This set is encrypted with a passphrase: type it to read the set.');
    await tui.burst(WRONG, 'Enter');
    expect(await shows('✖ Wrong passphrase: it does not open this set. Type it again.', 60_000)).toMatch(/Passphrase:\s*$/m);
    await tui.burst(PASSPHRASE, 'Enter');
    await shows(/\[ Restore and overwrite[\s\S]*enter go on/, 120_000);
    await tui.keys('Enter');
    await shows("Type the install's name");
    await tui.keys(...path.basename(a.dir).split(''), 'Enter');
    expect(await shows(/(Restored\.|Restore failed)[\s\S]*enter do it/, 120_000)).toContain('Restored.');
    expect((await pgFingerprint(pg, a.pgDb)).schema).not.toContain('made_after_backup');

    for (const screen of seen) {
      expect(screen).not.toContain(PASSPHRASE);
      expect(screen).not.toContain(WRONG);
    }
    for (const file of readdirSync(path.join(cwd, 'state'), { recursive: true, withFileTypes: true })) {
      if (file.isFile()) expect(readFileSync(path.join(file.parentPath, file.name), 'utf8')).not.toContain(PASSPHRASE);
    }
  }, 300_000);
});
