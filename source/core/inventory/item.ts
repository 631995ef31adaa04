import type { DbTarget, Engine } from '../db/db-target.js';
import type { ItemStatus } from '../db/db-status.js';

export type { ItemStatus } from '../db/db-status.js';
export type ItemGroup = 'main' | 'external' | 'subapp' | 'storage';

interface ItemBase {
  /** `main`, `external:<key>`, `subapp:<name>`, `storage`, `storage:<sub>` (shared/CONTRACT.md). */
  readonly id: string;
  readonly group: ItemGroup;
  /** What an operator calls it: the data source's display name, the sub-app's title, the folder. */
  readonly label: string;
  readonly status: ItemStatus;
  /** One line, set whenever status is not ok. */
  readonly reason?: string;
  readonly hint?: string;
  readonly sizeBytes?: number;
  /** Part of the default selection (`--all`, the checklist's first state). */
  readonly selected: boolean;
  /** Why an available item is left out of the default selection. */
  readonly note?: string;
}

export interface DatabaseItem extends ItemBase {
  readonly kind: 'database';
  readonly engine: Engine | string;
  /** Where the data lives; holds the password, so it is never serialised as is. */
  readonly target?: DbTarget;
  /** PostgreSQL schemas this item must leave out (schema-mode sub-apps inside the main database). */
  readonly excludeSchemas?: readonly string[];
  /** The server's version, when a connection was made. */
  readonly serverVersion?: string;
}

export interface FilesItem extends ItemBase {
  readonly kind: 'files';
  /** The folder itself. */
  readonly path: string;
  /** The storage folder it belongs to. */
  readonly root: string;
  /** Its place inside storage: `.` for the whole folder, `uploads` for a part. */
  readonly folder: string;
  readonly files?: number;
}

export type Item = DatabaseItem | FilesItem;
