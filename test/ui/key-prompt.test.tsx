import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { Install } from '../../source/core/discover/install.js';
import type { ScreenAction } from '../../source/ui/app.js';
import { NewPassphrasePrompt } from '../../source/ui/components/passphrase-prompt.js';
import { RestoreScreen } from '../../source/ui/screens/restore-screen.js';
import { backupFolder, makeSet } from '../support/made-sets.js';
import { burst, inventory, press, renderSettled } from './ui-fixtures.js';
import { OptionsScreen, type BackupOptions } from '../../source/ui/screens/options-screen.js';
import { RunScreen } from '../../source/ui/screens/run-screen.js';
import { needsNewPassphrase, type BackupRunRequest } from '../../source/ui/hooks/use-backup-run.js';
import type { Profile } from '../../source/core/settings/profile.js';
import type { Config } from '../../source/core/settings/config.js';

// The key of an encrypted set, typed where no file or passcommand gives it: the restore asks before it
// reads anything, asks again after a wrong one, and never draws what was typed.

const PASSPHRASE = `amber-${Math.random().toString(36).slice(2)}`;
const WRONG = 'not-the-passphrase';

/** An install folder with a storage folder: the restore's target, read but never touched here. */
function target(): Install {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-key-target-'));
  mkdirSync(path.join(dir, 'storage', 'uploads'), { recursive: true });
  return { path: dir, name: 'crm', layout: 'create-app', env: {}, storagePath: path.join(dir, 'storage'), warnings: [] };
}

async function restoreOf(setDir: string, passcommand?: readonly string[]) {
  const typing: boolean[] = [];
  const actions: ScreenAction[] = [];
  const ui = await renderSettled(
    <RestoreScreen setDir={setDir} target={target()} safetyDir={backupFolder()} active height={21} width={79} passcommand={passcommand} onTyping={(t) => typing.push(t)} onAction={(a) => actions.push(a)} />,
  );
  const frame = () => ui.lastFrame() ?? '';
  /** Waits (in act, polling) for what the set and the key checks make the screen show. */
  const until = async (pattern: RegExp | string) => {
    const shows = () => (typeof pattern === 'string' ? frame().includes(pattern) : pattern.test(frame()));
    for (let i = 0; i < 2400 && !shows(); i++) await act(async () => new Promise((resolve) => setTimeout(resolve, 25)));
    expect(frame()).toMatch(pattern);
    return frame();
  };
  /** Every frame drawn so far, joined: what the terminal was ever shown. */
  const everything = () => ui.frames.join('\n');
  return { ui, frame, until, typing, actions, everything };
}

let sealed: Promise<string> | undefined;
/** One set sealed with PASSPHRASE, made once (each scrypt takes a second or more): the restores only read it. */
const passphraseSet = () => (sealed ??= makeSet(backupFolder(), { install: 'crm', at: '2026-11-24T10:15:00.000Z', seal: { mode: 'passphrase', passphrase: PASSPHRASE } }));

describe('the key prompt of an encrypted set', () => {
  it('asks for the passphrase before the set is read, asks again after a wrong one, then restores on', async () => {
    const { ui, frame, until, typing, everything } = await restoreOf(await passphraseSet());
    const asked = await until('Passphrase:');
    expect(asked).toContain('This set is encrypted with a passphrase: type it to read the set.');
    expect(typing.at(-1)).toBe(true);
    // Typed as a burst, enter included: each key reaches the field, and none is drawn as typed.
    await burst(ui, ...WRONG.split(''), '\r');
    const again = await until('Wrong passphrase');
    expect(again).toMatch(/✖ Wrong passphrase: it does not open this set\. Type it again\.\n/);
    expect(again).toMatch(/Passphrase:\s*$/m);
    await press(ui, ...PASSPHRASE.split('').slice(0, 5));
    expect(frame()).toMatch(/Passphrase: •••••/);
    await burst(ui, ...PASSPHRASE.split('').slice(5), '\r');
    // The plan and the checks: the set was opened with the key and read.
    const review = await until(/Restore crm \(2026-11-24 10:15\) into crm[\s\S]*storage:uploads/);
    expect(review).not.toContain('Passphrase');
    expect(typing.at(-1)).toBe(false);
    expect(everything()).not.toContain(PASSPHRASE);
    expect(everything()).not.toContain(WRONG);
  });

  it('takes the passphrase from passcommand without asking, and asks when that one does not open the set', async () => {
    const right = await restoreOf(await passphraseSet(), ['printf', '%s', PASSPHRASE]);
    await right.until(/Restore crm \(2026-11-24 10:15\) into crm/);
    expect(right.everything()).not.toContain('Passphrase:');
    const wrong = await restoreOf(await passphraseSet(), ['printf', '%s', WRONG]);
    expect(await wrong.until('Passphrase:')).toContain('✖ The passphrase from passcommand does not open this set: type its passphrase.');
  });

  it('asks for the identity file of a set sealed to public keys, and says why a file is refused', async () => {
    const identity = await generateX25519Identity();
    const other = await generateX25519Identity();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-key-id-'));
    writeFileSync(path.join(dir, 'right.txt'), `# a comment\n${identity}\n`, { mode: 0o600 });
    writeFileSync(path.join(dir, 'other.txt'), `${other}\n`, { mode: 0o600 });
    const set = await makeSet(backupFolder(), { install: 'crm', at: '2026-11-24T10:15:00.000Z', seal: { mode: 'recipients', recipients: [await identityToRecipient(identity)] } });
    const { ui, until } = await restoreOf(set);
    expect(await until('Identity file:')).toContain('This set is encrypted to age public keys: give the identity file that opens it.');
    await burst(ui, ...path.join(dir, 'missing.txt').split(''), '\r');
    expect(await until('✖ cannot read the identity file')).toMatch(/Identity file:\s*$/m);
    await burst(ui, ...path.join(dir, 'other.txt').split(''), '\r');
    await until('✖ That identity does not open this set');
    await burst(ui, ...path.join(dir, 'right.txt').split(''), '\r');
    await until(/Restore crm \(2026-11-24 10:15\) into crm/);
  });

  it('goes back with esc and leaves the field; an empty enter says what to type', async () => {
    const { ui, until, typing, actions } = await restoreOf(await passphraseSet());
    await until('Passphrase:');
    await press(ui, '\r');
    await until('✖ Nothing typed: type the passphrase, or esc to go back.');
    // q and ? are typed into the field while it has the keyboard; esc goes back.
    await press(ui, 'q', '?');
    await until(/Passphrase: ••/);
    await press(ui, '\u001B');
    expect(actions).toEqual(['back']);
    ui.unmount();
    expect(typing.at(-1)).toBe(false);
  });
});

describe('a new passphrase', () => {
  it('is typed twice; two that differ start over; the same twice is handed over, never drawn', async () => {
    const done: string[] = [];
    const ui = await renderSettled(<NewPassphrasePrompt title="This backup is encrypted: type one for this set." active width={79} onDone={(p) => done.push(p)} onCancel={() => undefined} />);
    expect(ui.lastFrame()).toMatch(/New passphrase:\s*$/m);
    await burst(ui, ...'first one'.split(''), '\r');
    expect(ui.lastFrame()).toContain('Type the same passphrase again to confirm it.');
    await burst(ui, ...'first-one'.split(''), '\r');
    expect(ui.lastFrame()).toContain('✖ The two passphrases differ: type a new one again.');
    expect(ui.lastFrame()).toMatch(/New passphrase:\s*$/m);
    await burst(ui, ...'second one'.split(''), '\r');
    await burst(ui, ...'second one'.split(''), '\r');
    expect(done).toEqual(['second one']);
    for (const secret of ['first one', 'first-one', 'second one']) expect(ui.frames.join('\n')).not.toContain(secret);
  });
});

describe('encrypting a backup from the interactive tool', () => {
  const request = { inventory, ids: ['main'], outDir: '/nonexistent/sets', compression: 'zstd', jobs: 1 } as const;
  const profile = (encrypt: Profile['encrypt']): BackupRunRequest => ({ kind: 'profile', profile: { name: 'nightly', install: '/srv/crm', items: 'all', encrypt }, config: { roots: [] } as unknown as Config });

  it('offers Encrypt among a backup’s options, says where the passphrase comes from, and starts with it on', async () => {
    const started: BackupOptions[] = [];
    const initial = { outDir: '/var/backups', compression: 'zstd', jobs: 2 } as const;
    const ui = await renderSettled(<OptionsScreen title="Back up 1 item of crm" initial={initial} submitLabel="Start backup of 1 item" encrypt={{}} onStart={(o) => started.push(o)} onTyping={() => undefined} active />);
    expect(ui.lastFrame()).toMatch(/ {2}Encrypt\s+‹ no ›\n❯\s+\[ Start backup of 1 item \]/);
    expect(await press(ui, 'k', '\u001B[C')).toMatch(/❯ Encrypt\s+‹ yes › with a passphrase typed at the start/);
    await press(ui, 'j', '\r');
    expect(started).toEqual([{ ...initial, encrypt: true }]);
    const withCommand = await renderSettled(<OptionsScreen title="t" initial={{ ...initial, encrypt: true }} submitLabel="Start" encrypt={{ passcommand: ['pass', 'show', 'nb'] }} onStart={() => undefined} onTyping={() => undefined} active />);
    expect(withCommand.lastFrame()).toContain('‹ yes › with a passphrase from passcommand');
    // The settings screen has no such row: encryption is chosen per backup.
    const settings = await renderSettled(<OptionsScreen title="Settings" initial={initial} submitLabel="Save" onStart={() => undefined} onTyping={() => undefined} active />);
    expect(settings.lastFrame()).not.toContain('Encrypt');
  });

  it('asks for a new passphrase only where nothing else gives one', () => {
    const before = process.env.NBBACKUP_PASSPHRASE_FILE;
    delete process.env.NBBACKUP_PASSPHRASE_FILE;
    try {
      expect(needsNewPassphrase({ ...request, encrypt: true })).toBe(true);
      expect(needsNewPassphrase({ ...request, encrypt: true, passcommand: ['pass', 'show', 'nb'] })).toBe(false);
      expect(needsNewPassphrase(request)).toBe(false);
      expect(needsNewPassphrase(profile({}))).toBe(true);
      expect(needsNewPassphrase(profile({ passphraseFile: '/etc/nb/pass' }))).toBe(false);
      expect(needsNewPassphrase(profile({ recipients: ['age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'] }))).toBe(false);
      expect(needsNewPassphrase(profile(undefined))).toBe(false);
      process.env.NBBACKUP_PASSPHRASE_FILE = '/etc/nb/pass';
      expect(needsNewPassphrase(profile({}))).toBe(false);
    } finally {
      if (before === undefined) delete process.env.NBBACKUP_PASSPHRASE_FILE;
      else process.env.NBBACKUP_PASSPHRASE_FILE = before;
    }
  });

  it('runs a profile that encrypts with no passphrase source only after a new passphrase is typed; esc goes back', async () => {
    const actions: ScreenAction[] = [];
    const typing: boolean[] = [];
    const ui = await renderSettled(<RunScreen request={profile({})} active width={79} height={21} onAction={(a) => actions.push(a)} onTyping={(t) => typing.push(t)} stopRequested={false} />);
    expect(ui.lastFrame()).toContain('Profile nightly encrypts with a passphrase: type a new one for this set.');
    expect(ui.lastFrame()).toMatch(/New passphrase:\s*$/m);
    expect(typing).toEqual([true]);
    await press(ui, '\u001B');
    expect(actions).toEqual(['back']);
  });
});
