export interface ToolInfo {
  readonly path: string;
  /** The first line of `--version`. */
  readonly versionText: string;
  readonly major: number;
  readonly minor: number;
  readonly mariadb: boolean;
}

const cache = new Map<string, Promise<ToolInfo>>();

/** Reads a tool's version once per process; `pg_dump (PostgreSQL) 15.20`, `mysqldump  Ver 8.0.36`, `… 10.11.6-MariaDB`. */
export function toolInfo(path: string): Promise<ToolInfo> {
  let info = cache.get(path);
  if (!info) {
    info = versionOutput(path).then(({ stdout, stderr }) => {
      const versionText = (stdout || stderr).split('\n')[0].trim();
      const mariadb = /mariadb/i.test(versionText);
      // MariaDB clients print "Ver 10.19 Distrib 10.11.6-MariaDB" or "from 11.4.2-MariaDB": the server-line version counts.
      const version = /Distrib (\d+)\.(\d+)/.exec(versionText) ?? /from (\d+)\.(\d+)/.exec(versionText) ?? /(\d+)\.(\d+)/.exec(versionText);
      return { path, versionText, major: Number(version?.[1] ?? 0), minor: Number(version?.[2] ?? 0), mariadb };
    });
    cache.set(path, info);
  }
  return info;
}

/** Loaded on first use: a scan that runs no tool never pays for execa. */
async function versionOutput(path: string): Promise<{ stdout: string; stderr: string }> {
  const { execa } = await import('execa');
  return execa(path, ['--version'], { timeout: 10000, reject: false });
}

/** `15.4 (Debian …)` or `PostgreSQL 16.2` → 15 / 16; `10.11.6-MariaDB` → 10. */
export function majorOf(version: string | undefined): number | undefined {
  const match = /(\d+)(?:\.(\d+))?/.exec(version ?? '');
  return match ? Number(match[1]) : undefined;
}
