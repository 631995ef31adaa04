import { readFileSync } from 'node:fs';

// Whether a pid is still the process that wrote a lock: its state (a zombie never runs again) and start time.

/** Fields 3 (state) and 22 (start time) of /proc/<pid>/stat; undefined where there is no /proc. */
export function procStat(pid: number): { state: string; start: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after its last ')' do not.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], start: fields[19] };
  } catch {
    return undefined;
  }
}

/** A process's start time in clock ticks: with its pid, it names one process for good (pids are reused). */
export function procStartOf(pid: number): string | undefined {
  return procStat(pid)?.start;
}
