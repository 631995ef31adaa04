import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDir, runtimeBase } from '../../../source/core/process/run-dir.js';

const saved = process.env.NBBACKUP_RUNTIME_DIR;
afterEach(() => {
  process.env.NBBACKUP_RUNTIME_DIR = saved;
});

describe('the private runtime folder', () => {
  it('is the one NBBACKUP_RUNTIME_DIR names, made 0700, with a folder per run named after the process', async () => {
    const base = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-rt-')), 'run');
    process.env.NBBACKUP_RUNTIME_DIR = base;
    const dir = await runDir();
    expect(path.dirname(dir)).toBe(base);
    expect(statSync(base).mode & 0o777).toBe(0o700);
    expect(path.basename(dir)).toMatch(new RegExp(`^run-${process.pid}-`));
  });

  it('sweeps the folders of runs whose process is gone, and keeps live ones', async () => {
    const base = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-rt-')), 'run');
    mkdirSync(base, { mode: 0o700 });
    // No process has pid 2^22 + 1 on Linux (pid_max is at most 2^22).
    mkdirSync(path.join(base, `run-${2 ** 22 + 1}-gone`));
    mkdirSync(path.join(base, `run-${process.ppid}-alive`));
    process.env.NBBACKUP_RUNTIME_DIR = base;
    const mine = path.basename(await runDir());
    expect(readdirSync(base).sort()).toEqual([`run-${process.ppid}-alive`, mine].sort());
  });

  it('is refused when open to others or a link, with how to fix it', async () => {
    const open = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-rt-')), 'run');
    mkdirSync(open);
    chmodSync(open, 0o755);
    process.env.NBBACKUP_RUNTIME_DIR = open;
    await expect(runtimeBase()).rejects.toThrow(/is not a private folder of this user .*remove it and run again/);
    const link = path.join(path.dirname(open), 'link');
    const target = mkdtempSync(path.join(os.tmpdir(), 'nbtest-rt-'));
    chmodSync(target, 0o700);
    symlinkSync(target, link);
    process.env.NBBACKUP_RUNTIME_DIR = link;
    await expect(runtimeBase()).rejects.toThrow(/is not a private folder/);
  });
});
