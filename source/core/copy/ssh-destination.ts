import { createHash } from 'node:crypto';
import { NbError } from '../errors.js';
import { looksLikeSetName } from '../set/backup-set.js';
import { ManifestSchema } from '../set/manifest.js';
import { isSetFileName } from '../set/safe-names.js';
import { appendAndProve, type AppendTarget } from './append-transfer.js';
import { FAR_MANIFEST_MAX_BYTES, type FarSet, type SetDestination, type SetFileToCopy } from './destination.js';
import { describeDestination } from './parse-destination.js';
import { remoteShell, type RemoteScript, type RemoteShell, type SshSpec } from './remote-shell.js';

// The far end keeps sets exactly as folderDestination does: `<path>/.<name>.partial/` while a set
// arrives, renamed to `<path>/<name>` once its manifest is proven there. Every script gets $1 as the
// destination folder (as `d`), then the set name and file name as further quoted words.

/** The set's partial folder (p) and file (f) from $2 and $3; both plain names, checked before they are sent. */
const PARTIAL = 'p="$d/.$2.partial"';
const FILE = 'f="$p/$3"';
const IN_THE_WAY = 'is in the way and is not a folder';

/** Makes the partial folder (0700 through umask) and prints the size of the file there; a non-file there is removed. */
const SIZE: RemoteScript = {
  doing: 'prepare the set in',
  tools: ['stat', 'mkdir', 'rm', 'id'],
  lines: [
    PARTIAL,
    FILE,
    'mkdir -p -- "$d" || exit 1',
    `if [ -L "$p" ] || { [ -e "$p" ] && [ ! -d "$p" ]; }; then echo ".$2.partial ${IN_THE_WAY}" >&2; exit 3; fi`,
    '[ -d "$p" ] || mkdir -- "$p" || exit 1',
    // On a shared folder another user could have made it first, to plant links in it while we write.
    'm=$(stat -c %a -- "$p") && u=$(stat -c %u -- "$p") || exit 1',
    'if [ "$u" != "$(id -u)" ] || [ $(( 0$m & 022 )) -ne 0 ]; then echo ".$2.partial belongs to another user there, or others may write in it: remove it" >&2; exit 3; fi',
    'if [ -L "$f" ] || { [ -e "$f" ] && [ ! -f "$f" ]; }; then rm -f -- "$f" || exit 1; fi',
    'if [ -f "$f" ]; then stat -c %s -- "$f"; else echo 0; fi',
  ],
};

/** Appends stdin to the file, but only when the file still holds what `from` ($4) says: a racing copy is refused. */
const APPEND: RemoteScript = {
  doing: 'send a file to',
  tools: ['stat', 'cat', 'rm'],
  lines: [
    PARTIAL,
    FILE,
    `if [ -L "$p" ] || [ ! -d "$p" ]; then echo "the partial folder .$2.partial vanished while the copy ran" >&2; exit 3; fi`,
    'if [ -L "$f" ]; then rm -f -- "$f" || exit 1; fi',
    'if [ "$4" = 0 ]; then cat > "$f" || exit 1; else n=$(stat -c %s -- "$f" 2>/dev/null || echo 0); if [ "$n" != "$4" ]; then echo "$3 changed there while the copy ran" >&2; exit 3; fi; cat >> "$f" || exit 1; fi',
    // An older sync ignores the file and syncs everything: slower, still right.
    'sync -- "$f" 2>/dev/null || :',
  ],
};

/** `<size> <sha256>` of the file as the far end reads it; `0 -` when it is not there. */
const DIGEST: RemoteScript = {
  doing: 'check a file in',
  tools: ['stat', 'sha256sum'],
  lines: [
    PARTIAL,
    FILE,
    'if [ -f "$f" ] && [ ! -L "$f" ]; then s=$(stat -c %s -- "$f") || exit 1; h=$(sha256sum < "$f") || exit 1; echo "$s ${h%% *}"; else echo "0 -"; fi',
  ],
};

/** `<size> <sha256>` of each named file ($3…) of the complete set $2, in order; `0 -` for one not there as a plain file. */
const PROVE: RemoteScript = {
  doing: 'check a set in',
  tools: ['stat', 'sha256sum'],
  lines: [
    't="$d/$2"',
    'shift 2',
    'for n in "$@"; do f="$t/$n"; if [ ! -L "$t" ] && [ -f "$f" ] && [ ! -L "$f" ]; then s=$(stat -c %s -- "$f") || exit 1; h=$(sha256sum < "$f") || exit 1; echo "$s ${h%% *}"; else echo "0 -"; fi; done',
  ],
};

/** Renames the partial folder to the set's name, never over anything already there. */
const COMMIT: RemoteScript = {
  doing: 'complete the set in',
  tools: ['mv'],
  lines: [PARTIAL, 't="$d/$2"', 'if [ -e "$t" ] || [ -L "$t" ]; then echo "$2 already exists there" >&2; exit 3; fi', 'mv -T -- "$p" "$t"'],
};

/**
 * One line per folder named like a set: its name in base64, a space, then its manifest in base64 when
 * it holds a plain one no larger than $2, else `-`. A missing destination folder prints nothing.
 */
const LIST: RemoteScript = {
  doing: 'list the sets in',
  tools: ['stat', 'base64'],
  lines: [
    'if [ ! -e "$d" ] && [ ! -L "$d" ]; then exit 0; fi',
    `if [ ! -d "$d" ]; then echo "the destination ${IN_THE_WAY}" >&2; exit 3; fi`,
    // Globs under the quoted folder, never cd: CDPATH and a folder named `-` would send cd elsewhere.
    'for e in "$d"/*-????????T??????Z "$d"/*-????????T??????Z-*; do if [ -d "$e" ] && [ ! -L "$e" ]; then printf %s "${e##*/}" | base64 -w 0; printf " "; m="$e/manifest.json"; if [ -f "$m" ] && [ ! -L "$m" ] && s=$(stat -c %s -- "$m" 2>/dev/null) && [ "$s" -le "$2" ]; then base64 -w 0 < "$m" 2>/dev/null || printf "%s" -; else printf "%s" -; fi; echo; fi; done',
  ],
};

/** Removes `<path>/<name>` only when it is a real folder (not a link) holding nothing but plain files. */
const REMOVE: RemoteScript = {
  doing: 'remove a set from',
  tools: ['rm'],
  lines: [
    't="$d/$2"',
    'if [ -L "$t" ]; then echo "it is a link; only the folder itself is deleted, never what a link points to" >&2; exit 3; fi',
    'if [ ! -e "$t" ]; then echo "it is not there any more" >&2; exit 3; fi',
    'if [ ! -d "$t" ]; then echo "it is not a folder" >&2; exit 3; fi',
    'if [ ! -r "$t" ] || [ ! -x "$t" ]; then echo "it cannot be listed" >&2; exit 3; fi',
    'for e in "$t"/* "$t"/.[!.]* "$t"/..?*; do if [ -L "$e" ]; then echo "it holds a link: a backup set never does" >&2; exit 3; fi; if [ -e "$e" ] && [ ! -f "$e" ]; then echo "it holds something that is not a plain file: a backup set never does" >&2; exit 3; fi; done',
    'rm -rf -- "$t"',
  ],
};

/** Removes `.NAME.partial` when it is a real folder this user owns (what a stopped copy left); else nothing. */
const DISCARD: RemoteScript = {
  doing: 'clean up in',
  tools: ['stat', 'rm', 'id'],
  lines: [PARTIAL, 'if [ -d "$p" ] && [ ! -L "$p" ] && [ "$(stat -c %u -- "$p")" = "$(id -u)" ]; then rm -rf -- "$p"; fi'],
};

/** Removes what a copy of set `name` stopped half-way left at an SSH destination, so the far side is as before. */
export async function discardSshPartial(spec: SshSpec, sshCommand: readonly string[], name: string, signal: AbortSignal): Promise<void> {
  await remoteShell(spec, sshCommand, describeDestination(spec)).run(DISCARD, { args: [checkedName(name)] }, signal);
}

/**
 * A folder on another machine, reached with the operator's own ssh (keys, agent, known_hosts): it
 * needs only a POSIX sh and coreutils there. Each step is one ssh run; a cut link leaves the partial
 * file, which the next copy goes on from.
 */
export function sshDestination(spec: SshSpec, sshCommand: readonly string[]): SetDestination {
  const label = describeDestination(spec);
  const shell = remoteShell(spec, sshCommand, label);

  return {
    label,
    async listSets(signal) {
      const out = await shell.run(LIST, { args: [String(FAR_MANIFEST_MAX_BYTES)], refused: (why) => new NbError(`${label}: ${why}`, 'name a folder there') }, signal);
      return parseListing(out);
    },
    async putFile(name, file, onProgress, signal) {
      return appendAndProve(fileTarget(shell, label, checkedName(name), file, signal), file, onProgress, signal);
    },
    async commit(name, manifest, signal) {
      await appendAndProve(fileTarget(shell, label, checkedName(name), manifest, signal), manifest, () => undefined, signal);
      await shell.run(COMMIT, { args: [name], refused: () => new NbError(`${label}/${name} already exists`, 'move it aside, or copy to another folder') }, signal);
    },
    async differingFiles(name, files, signal) {
      const out = await shell.run(PROVE, { args: [checkedName(name), ...files.map((f) => checkedName(f.name))] }, signal);
      // The answers are the last lines: a chatty login script may print before them.
      const answers = out.toString('utf8').split('\n').map((l) => /^(\d+) ([0-9a-f]{64}|-)$/.exec(l.trim())).filter((m) => m !== null).slice(-files.length);
      if (answers.length !== files.length) throw garbled(label);
      return files.filter((f, i) => Number(answers[i][1]) !== f.bytes || answers[i][2] !== f.sha256).map((f) => f.name);
    },
    async removeSet(name, signal) {
      if (!looksLikeSetName(name) || !isSetFileName(name)) throw new NbError(`${name} was not deleted: it is not named like a backup set`, 'delete it by hand if it really is to go');
      await shell.run(REMOVE, { args: [name], refused: (why) => new NbError(`${name} was not deleted: ${why}`, 'delete it by hand if it really is to go') }, signal);
    },
  };
}

/** One file of the set in its partial folder there, as appendAndProve drives it. */
function fileTarget(shell: RemoteShell, label: string, setName: string, file: SetFileToCopy, signal: AbortSignal): AppendTarget {
  const args = [setName, checkedName(file.name)];
  const inTheWay = (why: string) => new NbError(`${label}: ${why}`, 'move it aside there, then copy again');
  return {
    async size() {
      const out = await shell.run(SIZE, { args, refused: inTheWay }, signal);
      const bytes = lastMatch(out, /^(\d+)$/);
      if (!bytes) throw garbled(label);
      return Number(bytes[1]);
    },
    async append(from, onProgress, signal) {
      await shell.run(APPEND, { args: [...args, String(from)], upload: { path: file.path, from, onProgress }, refused: (why) => new NbError(`${label}: ${why}`, 'make sure one copy at a time goes there, then copy again') }, signal);
    },
    async digest(signal) {
      const out = await shell.run(DIGEST, { args }, signal);
      const found = lastMatch(out, /^(\d+) ([0-9a-f]{64}|-)$/);
      if (!found) throw garbled(label);
      return { bytes: Number(found[1]), sha256: found[2] === '-' ? '' : found[2] };
    },
  };
}

/** The far listing: lines that are not frames (a chatty login script) are skipped, a name listed twice once. */
function parseListing(out: Buffer): FarSet[] {
  const sets = new Map<string, FarSet>();
  for (const line of out.toString('latin1').split('\n')) {
    const frame = /^([A-Za-z0-9+/]+=*) ([A-Za-z0-9+/]+=*|-)$/.exec(line.trim());
    if (!frame) continue;
    const name = Buffer.from(frame[1], 'base64').toString('utf8');
    if (!looksLikeSetName(name) || sets.has(name)) continue;
    // A folder of that name without a manifest that reads is there all the same: never copied over.
    const read = frame[2] === '-' ? {} : manifestOf(Buffer.from(frame[2], 'base64'));
    sets.set(name, { name, ...read, ...(read.manifest ? {} : { occupied: true }) });
  }
  return [...sets.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** A manifest that parses and passes the schema, with the sha256 of its bytes; else nothing (the set is incomplete). */
function manifestOf(bytes: Buffer): Pick<FarSet, 'manifest' | 'manifestSha256'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return {};
  }
  const result = ManifestSchema.safeParse(parsed);
  return result.success ? { manifest: result.data, manifestSha256: createHash('sha256').update(bytes).digest('hex') } : {};
}

/** Set and file names become path parts there: plain names only (copySet and the manifest schema check them too). */
function checkedName(name: string): string {
  if (!isSetFileName(name)) throw new NbError(`${name} is not a plain file name`, 'nothing was sent; the set may have been changed by hand');
  return name;
}

function lastMatch(out: Buffer, pattern: RegExp): RegExpExecArray | undefined {
  return out.toString('utf8').split('\n').map((l) => pattern.exec(l.trim())).filter((m) => m !== null).at(-1);
}

function garbled(label: string): NbError {
  return new NbError(`${label} answered something nbbackup did not ask for`, 'a login script there may print text: make it quiet for non-interactive shells');
}
