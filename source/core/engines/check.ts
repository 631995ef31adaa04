import { errorLine } from '../errors.js';
import type { DatabaseItem } from '../inventory/item.js';

/** One preflight line: ✔ or ✖, what was found, and what to do about it. */
export interface Check {
  /** Stable id that front ends decide by (`app-stopped`, `rights:main`); never the display text. */
  readonly id: string;
  readonly name: string;
  readonly ok: boolean;
  /** What was found, one line. */
  readonly detail: string;
  /** What to do about it, when not ok. */
  readonly fix?: string;
  /** The plan items a failed check is about: leaving them out of the restore clears it. None: it is about the whole restore. */
  readonly items?: readonly string[];
}

/** A rights check's verdict, before it is named after its item. */
export type Rights = Omit<Check, 'id' | 'name'>;

/**
 * Asks the server whether the target's own user may do what the restore step does, before anything
 * is touched: a missing right found halfway would cost a rollback.
 */
export async function rightsOf(item: DatabaseItem, ask: () => Promise<Rights>): Promise<Check> {
  const base = { id: `rights:${item.id}`, name: `${item.id} rights` };
  try {
    return { ...base, ...(await ask()) };
  } catch (error) {
    const user = item.target && item.target.engine !== 'sqlite' ? item.target.user : 'the app';
    return { ...base, ok: false, detail: `could not read ${user}'s rights: ${errorLine(error)}`, fix: 'check the connection settings of the target' };
  }
}
