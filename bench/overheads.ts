/**
 * What encrypting a set and copying it off-site add to a plain backup, as ratios: nbbackup against
 * itself unencrypted, and against the same work by hand with the stock age, cp and sha256sum. The
 * variants take turns round by round, so a busy machine weighs on each of them alike.
 */
import { scrypt } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { BenchInstall } from './bench-fixture.js';
import { sealedLimitJobs } from './by-hand-age.js';
import { allAtOnce, limitJobs, type Servers } from './by-hand.js';
import { measure, time, type Measured } from './measure.js';
import { folderBytes, fresh, mib, ratio, s2, say, setIn } from './report.js';
import { CLI, median } from './start-up.js';

const ROUNDS = 3;
const MODES = ['plain', 'recipient', 'passphrase'] as const;
type Mode = (typeof MODES)[number];

/** Medians of each figure over the rounds (each figure on its own: one slow round does not drag the others). */
function medians(runs: readonly Measured[]): Measured {
  const m = (pick: (r: Measured) => number) => median(runs.map(pick));
  return { seconds: m((r) => r.seconds), markSeconds: m((r) => r.markSeconds ?? r.seconds), ownCpu: m((r) => r.ownCpu), childCpu: m((r) => r.childCpu), peakRssMiB: m((r) => r.peakRssMiB) };
}

/** Files of a set that are age files (their names do not change when encrypted). */
function ageFiles(set: string): number {
  const magic = Buffer.from('age-encryption.org/v1');
  return readdirSync(set).filter((name) => {
    if (!statSync(path.join(set, name)).isFile()) return false;
    const fd = openSync(path.join(set, name), 'r');
    const head = Buffer.alloc(magic.length);
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    return head.equals(magic);
  }).length;
}

/** One age scrypt derivation at work factor 18 with Node's native scrypt, as nbbackup does it. */
function scryptSeconds(): Promise<number> {
  return time(() => new Promise<void>((resolve, reject) => scrypt('bench', 'salt', 32, { N: 2 ** 18, r: 8, p: 1, maxmem: 300 * 1024 * 1024 }, (e) => (e ? reject(e) : resolve()))));
}

export async function encryptionOverhead(servers: Servers, b: BenchInstall, work: string, label: string): Promise<void> {
  const keys = fresh(work, 'keys');
  const identity = path.join(keys, 'identity');
  await execa('age-keygen', ['-o', identity]);
  const recipient = (await execa('age-keygen', ['-y', identity])).stdout.trim();
  const passphrase = "bench pa'ss phrase $1";
  const passFile = path.join(keys, 'passphrase');
  writeFileSync(passFile, `${passphrase}\n`, { mode: 0o600 });
  const env = { NBBACKUP_CONFIG: '', NBBACKUP_STATE_DIR: fresh(work, 'state') };
  const nbArgs: Record<Mode, string[]> = { plain: [], recipient: ['--encrypt', '--recipient', recipient], passphrase: ['--encrypt', '--passphrase-file', passFile] };
  const byHand: Record<Mode, (out: string) => Promise<void>> = {
    plain: (out) => allAtOnce(limitJobs(servers, b, out)),
    recipient: (out) => allAtOnce(sealedLimitJobs(servers, b, out, { recipient })),
    passphrase: (out) => allAtOnce(sealedLimitJobs(servers, b, out, { passphrase })),
  };
  await allAtOnce(limitJobs(servers, b, fresh(work, 'warm')));
  const hand = { plain: [] as number[], recipient: [] as number[], passphrase: [] as number[] };
  const nb = { plain: [] as Measured[], recipient: [] as Measured[], passphrase: [] as Measured[] };
  const bytes = { hand: {} as Record<Mode, number>, nb: {} as Record<Mode, number> };
  let sealedFiles = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of MODES) {
      const handOut = fresh(work, `hand-${mode}`);
      hand[mode].push(await time(() => byHand[mode](handOut)));
      bytes.hand[mode] = folderBytes(handOut);
      rmSync(handOut, { recursive: true, force: true });
      const nbOut = fresh(work, `nb-${mode}`);
      nb[mode].push(await measure(process.execPath, [CLI, 'backup', '--install', b.dir, '--all', '--out', nbOut, ...nbArgs[mode]], { env }, /verifying the set/));
      bytes.nb[mode] = folderBytes(nbOut);
      if (mode === 'passphrase') sealedFiles = ageFiles(setIn(nbOut));
      rmSync(nbOut, { recursive: true, force: true });
    }
  }
  const h = { plain: median(hand.plain), recipient: median(hand.recipient), passphrase: median(hand.passphrase) };
  const n = { plain: medians(nb.plain), recipient: medians(nb.recipient), passphrase: medians(nb.passphrase) };
  const oneScrypt = median([await scryptSeconds(), await scryptSeconds(), await scryptSeconds()]);
  const dumps = (mode: Mode) => n[mode].markSeconds ?? n[mode].seconds;
  const what: Record<Mode, string> = { plain: '', recipient: ', to a recipient (`--encrypt --recipient age1…`)', passphrase: ', with a passphrase (`--encrypt --passphrase-file`)' };
  say(`## ${label}: encryption (median of ${ROUNDS} rounds, the variants taking turns)`);
  say();
  say('| full backup | wall time | output | ratio to unencrypted | ratio to by hand |');
  say('|---|---|---|---|---|');
  say(`| by hand: the limit (raw dumps each \`\\| zstd -1\`, all at once) | ${s2(h.plain)} | ${mib(bytes.hand.plain)} | 1.00 | 1.00 |`);
  say(`| by hand: the same, each \`\\| age -r age1…\` | ${s2(h.recipient)} | ${mib(bytes.hand.recipient)} | ${ratio(h.recipient, h.plain)} | 1.00 |`);
  say(`| by hand: the same, each \`\\| age -p\` (the passphrase typed on a terminal) | ${s2(h.passphrase)} | ${mib(bytes.hand.passphrase)} | ${ratio(h.passphrase, h.plain)} | 1.00 |`);
  for (const mode of MODES) say(`| \`nbbackup backup --all\`${what[mode]}: dumps | ${s2(dumps(mode))} | ${mib(bytes.nb[mode])} | ${ratio(dumps(mode), dumps('plain'))} | ${ratio(dumps(mode), h[mode])} |`);
  for (const mode of MODES) say(`| \`nbbackup backup --all\`${what[mode]}: dumps and the verify that follows | ${s2(n[mode].seconds)} | | ${ratio(n[mode].seconds, n.plain.seconds)} | |`);
  say();
  const cpu = (mode: Mode) => `${s2(n[mode].ownCpu)} (${ratio(n[mode].ownCpu, n.plain.ownCpu)}×; its tools' ${s2(n[mode].childCpu)}, peak RSS ${n[mode].peakRssMiB.toFixed(0)} MiB)`;
  say(`nbbackup's own CPU: unencrypted ${cpu('plain')}; to a recipient ${cpu('recipient')}; with a passphrase ${cpu('passphrase')}.`);
  say(`One scrypt at age's work factor 18 (Node's native scrypt): ${s2(oneScrypt)}; the set holds ${sealedFiles} age files, each with its own file key and so its own scrypt, derived one at a time (the verify that follows derives each again).`);
  say(`The verify after a backup to a recipient checks hashes only (no identity given), as \`nbbackup verify\` without --identity does.`);
  say();
}

export async function copyOverhead(b: BenchInstall, work: string, label: string): Promise<void> {
  const env = { NBBACKUP_CONFIG: '', NBBACKUP_STATE_DIR: fresh(work, 'state') };
  const made = fresh(work, 'to-copy');
  await execa(process.execPath, [CLI, 'backup', '--install', b.dir, '--all', '--out', made], { env });
  const set = setIn(made);
  const name = path.basename(set);
  const files = readdirSync(set).length;
  const hand: number[] = [];
  const nb: Measured[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const there = fresh(work, 'cp');
    hand.push(
      await time(async () => {
        await execa('cp', ['-r', set, there]);
        const copied = path.join(there, name);
        await execa('sha256sum', readdirSync(copied).map((f) => path.join(copied, f)), { stdout: 'ignore' });
      }),
    );
    rmSync(there, { recursive: true, force: true });
    const dest = fresh(work, 'copy');
    nb.push(await measure(process.execPath, [CLI, 'copy', set, '--to', dest], { env }));
    rmSync(dest, { recursive: true, force: true });
  }
  const h = median(hand);
  const n = medians(nb);
  say(`## ${label}: copy of a set off-site (median of ${ROUNDS} rounds, the variants taking turns)`);
  say();
  say(`| copy of the unencrypted set (${files} files, ${mib(folderBytes(set))}) to a folder | wall time | ratio to by hand |`);
  say('|---|---|---|');
  say(`| by hand: \`cp -r\` then \`sha256sum\` of the copied files | ${s2(h)} | 1.00 |`);
  say(`| \`nbbackup copy SET --to FOLDER\` (each file proven there, the manifest last) | ${s2(n.seconds)} | ${ratio(n.seconds, h)} |`);
  say();
  say(`nbbackup's own CPU while copying: ${s2(n.ownCpu)} (its tools' ${s2(n.childCpu)}), peak RSS ${n.peakRssMiB.toFixed(0)} MiB.`);
  say();
  rmSync(made, { recursive: true, force: true });
}
