import { NbError } from '../../errors.js';
import { quoteName, quoteString, type Sqlcmd } from './sqlcmd.js';

/** One file inside a .bak, as RESTORE FILELISTONLY lists it. */
export interface BackupFile {
  readonly logical: string;
  /** D data, L log, S FILESTREAM, F full-text catalog. */
  readonly type: 'D' | 'L' | 'S' | 'F';
  readonly fileId: number;
}

/**
 * The fresh database's files cannot keep the physical names recorded in the .bak: those are the live
 * database's own files. Each file is MOVEd into the server's default data/log folder under a name made
 * here (never from the database name, which is app data and could hold `..` or a path).
 */
export async function readFileList(sql: Sqlcmd, disk: string): Promise<BackupFile[]> {
  return parseFileList(await sql.rows(`RESTORE FILELISTONLY FROM DISK = ${quoteString(disk)}`));
}

/** FILELISTONLY has 21 columns (22 since SQL Server 2016): LogicalName first, Type third, FileId seventh. */
export function parseFileList(rows: readonly string[][]): BackupFile[] {
  const width = rows[0]?.length ?? 0;
  const files = rows.map((row) => ({ logical: row[0], type: row[2], fileId: Number(row[6]) }));
  const readable = rows.length > 0 && (width === 21 || width === 22) && rows.every((r) => r.length === width) && files.every((f) => f.logical && ['D', 'L', 'S', 'F'].includes(f.type) && Number.isInteger(f.fileId));
  // A `|` inside a file name shifts the columns: refuse rather than move the wrong file.
  if (!readable) throw new NbError('could not read the file list of the backup (RESTORE FILELISTONLY)', 'restore it by hand with RESTORE DATABASE … WITH MOVE');
  return files as BackupFile[];
}

export interface ServerFolders {
  /** SERVERPROPERTY('InstanceDefaultDataPath') and …LogPath, as the server spells them. */
  readonly data: string;
  readonly log: string;
}

export interface Move {
  readonly logical: string;
  readonly physical: string;
}

/** `<folder>/<token>_<FileId>.mdf|.ndf|.ldf`; FILESTREAM and full-text containers are folders, without an extension. */
export function movesFor(files: readonly BackupFile[], folders: ServerFolders, token: string): Move[] {
  return files.map((f) => {
    const ext = f.type === 'L' ? '.ldf' : f.type === 'D' ? (f.fileId === 1 ? '.mdf' : '.ndf') : '';
    return { logical: f.logical, physical: serverJoin(f.type === 'L' ? folders.log : folders.data, `${token}_${f.fileId}${ext}`) };
  });
}

/** Joins with the server's own separator: a Windows server answers `C:\…\DATA\`, a Linux one `/var/opt/mssql/data/`. */
export function serverJoin(folder: string, name: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

/** CHECKSUM: the backup was taken WITH CHECKSUM, so every page is checked again as it is restored. */
export function restoreStatement(database: string, disk: string, moves: readonly Move[]): string {
  const moved = moves.map((m) => `MOVE ${quoteString(m.logical)} TO ${quoteString(m.physical)}`).join(', ');
  return `RESTORE DATABASE ${quoteName(database)} FROM DISK = ${quoteString(disk)} WITH CHECKSUM, ${moved}`;
}
