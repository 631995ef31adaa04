import type { Install } from '../discover/install.js';
import type { AppRecords } from './app-records.js';
import type { Item } from './item.js';

/** Everything an install holds that can be backed up, each with its own status. */
export interface InstallInventory {
  readonly install: Install;
  readonly nocobaseVersion?: string;
  readonly items: Item[];
  /** The main database's own records (plugins, version), when it could be read. */
  readonly records?: AppRecords;
  readonly warnings: string[];
}
