import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../source/core/settings/config.js';

const example = path.resolve(import.meta.dirname, '../../../.nbbackuprc.example');

function rc(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-rc-')), '.nbbackuprc');
  writeFileSync(file, text);
  return file;
}

describe('.nbbackuprc', () => {
  it('the example file documents settings nbbackup accepts, its profile included', async () => {
    const config = await loadConfig(os.tmpdir(), rc(readFileSync(example, 'utf8')));
    expect(config.profiles?.nightly).toMatchObject({ install: '/srv/crm', items: 'all', keep: { last: 3, daily: 7, weekly: 4, monthly: 6 } });
    expect(config.profiles?.nightly.hooks?.before?.[0].command).toEqual(['systemctl', 'stop', 'nocobase-worker']);
  });

  it('a profile path is taken relative to the file that names it', async () => {
    const file = rc('profiles:\n  local:\n    install: ./app\n    items: [main]\n    outDir: ~/sets\n');
    const config = await loadConfig(os.tmpdir(), file);
    expect(config.profiles?.local.install).toBe(path.join(path.dirname(file), 'app'));
    expect(config.profiles?.local.outDir).toBe(path.join(os.homedir(), 'sets'));
  });

  it.each([
    ['a count that is not a number', 'profiles:\n  n:\n    install: /a\n    items: all\n    keep:\n      daily: seven\n', /: profiles\.n\.keep\.daily: .*number/],
    ['a key nbbackup does not know', 'profiles:\n  n:\n    install: /a\n    items: all\n    keep:\n      hourly: 3\n', /: profiles\.n\.keep: .*hourly/],
    ['a hook written as a shell string', 'profiles:\n  n:\n    install: /a\n    items: all\n    hooks:\n      before:\n        - command: "systemctl stop x"\n', /: profiles\.n\.hooks\.before\.0\.command: .*array/],
    ['a webhook that is not http', 'profiles:\n  n:\n    install: /a\n    items: all\n    alerts:\n      webhook: file:///etc/passwd\n', /: profiles\.n\.alerts\.webhook: must be an http/],
    ['a profile name with a slash', 'profiles:\n  "../x":\n    install: /a\n    items: all\n', /: profiles\.\.\.\/x: .*profile name/],
    ['a misspelt top-level key', 'backupdir: /x\n', /: config: .*backupdir/],
  ])('%s is one line naming the file and the key', async (_what, text, expected) => {
    const file = rc(text);
    const error = await loadConfig(os.tmpdir(), file).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(expected);
    expect(error?.message.startsWith(file)).toBe(true);
    expect(error?.message).not.toContain('\n');
  });
});
