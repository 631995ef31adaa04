export const MAIN_HELP = `nbbackup — back up, restore and migrate NocoBase installs

Usage:
  nbbackup                      the interactive tool (needs a terminal)
  nbbackup scan [ROOT…] [--json] [--offline]
                                find installs and list what each holds to back up
  nbbackup backup --install PATH (--items ID,… | --all) [--out DIR] [--jobs N] [--compress zstd|gzip|none] [--json]
                                dump the chosen items into a new backup set
  nbbackup verify SET [--json]  re-hash a set and read every dump
  nbbackup list [DIR] [--json]  the backup sets under DIR
  nbbackup restore SET --to PATH [--items ID,…] [--yes] [--no-snapshot] [--no-upgrade] [--stop-app] [--start] [--json]
                                restore a set into an install, with preflight, safety copy and rollback
  nbbackup profile save NAME --install PATH (--items ID,… | --all) [--keep-daily N …] [--webhook URL] [--ping URL]
                                save a selection to re-run (also: profile delete|rename|schedule NAME)
  nbbackup profiles [--json]    the saved profiles with their last run
  nbbackup run NAME [--dry-run] [--json]
                                run a profile unattended (cron, systemd): backup, verify, copies, retention, alerts
  nbbackup copy SET --to DEST [--json]
                                copy a set off-site (a folder, [USER@]HOST:PATH, s3://BUCKET/PREFIX), verified there
  nbbackup migrate --from PATH --to [USER@]HOST:PATH [--items ID,…] [--yes] [--json]
                                move an install to another server over ssh: inspect there, back up here,
                                send it verified, restore there with preflight, safety copy and rollback
  nbbackup demo [--remove]      open the interactive tool on a demo install (or remove it)
  nbbackup help                 this text
  nbbackup --version            the version

Exit codes: 0 done · 1 some item failed · 2 usage error · 3 refused · 130 interrupted.
Settings: .nbbackuprc (see .nbbackuprc.example).`;
