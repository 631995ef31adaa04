import type { InstallInventory } from '../core/scan/take-inventory.js';
import type { BackupRunRequest } from './hooks/use-backup-run.js';
import type { ScanState } from './hooks/use-scan.js';
import type { ScreenReport } from './app.js';
import type { ProfileDraft } from './screens/profile-edit-screen.js';
import type { HomeChoice } from './screens/home-screen.js';

// The app's screens as a stack, and where each choice of the menu leads.

export type Screen =
  // The screens that need nothing but their name.
  | { readonly name: 'home' | 'installs' | 'sets' | 'settings' | 'restore-set' | 'profiles' | 'migrate-source' }
  | { readonly name: 'checklist'; readonly inventory: InstallInventory }
  | { readonly name: 'options'; readonly inventory: InstallInventory; readonly ids: string[] }
  | { readonly name: 'run'; readonly request: BackupRunRequest }
  | { readonly name: 'restore-target'; readonly setDir: string }
  | { readonly name: 'restore'; readonly setDir: string; readonly target: InstallInventory }
  | { readonly name: 'profile-edit'; readonly draft: ProfileDraft }
  | { readonly name: 'schedule'; readonly profile: string }
  | { readonly name: 'migrate'; readonly inventory: InstallInventory };

/** The screen a menu choice opens; migration skips picking the install when the scan found one. */
export function screenFor(choice: Exclude<HomeChoice, 'quit'>, scan: ScanState): Screen {
  if (choice === 'backup') return { name: 'installs' };
  if (choice === 'restore') return { name: 'restore-set' };
  if (choice === 'migrate') return !scan.scanning && scan.inventories.length === 1 ? { name: 'migrate', inventory: scan.inventories[0] } : { name: 'migrate-source' };
  return { name: choice };
}

/** The screens where r walks the disk again. */
export const RESCANS: ReadonlySet<Screen['name']> = new Set(['home', 'installs', 'restore-target', 'migrate-source']);

/** Whether the screen answers esc itself right now: it offers the back command in its own keys. */
export function takesBack(report: ScreenReport): boolean {
  return report.keys.some((offer) => (typeof offer === 'string' ? offer : offer[0]) === 'back');
}
