import prettyBytes from 'pretty-bytes';

export const bytes = (n: number | undefined): string => (n === undefined ? '' : prettyBytes(n));

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Cuts long text to `width` with an ellipsis, for one-line rows. */
export function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Cuts a long path in the middle, keeping its start and its last part: "/var/backups/…/app-20261202". */
export function shortPath(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width < 8) return fit(text, width);
  const tail = Math.ceil((width - 1) * 0.6);
  return `${text.slice(0, width - 1 - tail)}…${text.slice(text.length - tail)}`;
}

/** "1 item", "3 items". */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}

/** A local time as the operator reads it in a row: "2026-12-02 02:30". */
export function localTime(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
