// What tests look for among the machine's processes: children nbbackup left running, or whose argv holds a secret.
import { readdirSync, readFileSync } from 'node:fs';

/** Every running process: pid, parent pid and argv (zombies have no argv and are left out). */
export function processes(): { pid: number; ppid: number; cmd: string }[] {
  const found: { pid: number; ppid: number; cmd: string }[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      // The command name in stat may hold spaces and parentheses: the fields after its last ')' do not.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (cmd) found.push({ pid: Number(pid), ppid, cmd });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Processes whose command line mentions `needle` (names unique to this test: its databases, its folders). */
export function processesMentioning(needle: string): string[] {
  return processes()
    // The test server's own backends and workers ("postgres: autovacuum worker DB") are not our tools.
    .filter((p) => p.cmd.includes(needle) && !p.cmd.includes('vitest') && !p.cmd.startsWith('postgres: '))
    .map((p) => p.cmd);
}

/** `root` and everything it started, however deep, among the processes listed. */
function tree(all: ReturnType<typeof processes>, root: number) {
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) if (!inTree.has(p.pid) && inTree.has(p.ppid)) grew = inTree.add(p.pid).size > 0;
  }
  return all.filter((p) => inTree.has(p.pid));
}

/** The pids of `root` and everything it started, however deep. */
export function treePids(root: number): number[] {
  return tree(processes(), root).map((p) => p.pid);
}

/** The command lines of `root` and everything it started, however deep. */
export function treeOf(root: number): string[] {
  return tree(processes(), root).map((p) => p.cmd);
}

/** Those of `pids` still running (a zombie waiting to be reaped has no argv, so it counts as ended). */
export function stillRunning(pids: readonly number[]): string[] {
  return processes().filter((p) => pids.includes(p.pid)).map((p) => `${p.pid} ${p.cmd}`);
}
