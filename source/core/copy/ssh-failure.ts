import { NbError } from '../errors.js';
import { printable } from '../text/printable.js';
import type { ChildExit } from '../process/child-exit.js';

// ssh reports its own failures on stderr with exit 255; the far script's fail with its own codes.
// Each cause an operator can fix has its own line and hint, since the fix differs.

export interface FailureContext {
  readonly label: string;
  readonly host: string;
  readonly port?: number;
  readonly path: string;
  /** What the script was doing ("list the sets in"), for the generic line. */
  readonly doing: string;
}

/** The error code of a link that broke or could not be made: worth another try, unlike a refusal there. */
export const LINK = 'link';

const TOOLS_HINT = 'nbbackup needs a POSIX sh and GNU coreutils there (stat, sha256sum, mkdir, mv, cat, rm, base64)';
const SSH_COMMAND_HINT = 'the ssh command and its options come from NBBACKUP_SSH or ssh in .nbbackuprc';

/** The NbError for a finished ssh run; 'refused' for the script's own refusal; undefined when it went well. */
export function sshFailure(exit: ChildExit, stderr: string, at: FailureContext): NbError | 'refused' | undefined {
  if (exit.error) {
    const missing = (exit.error as NodeJS.ErrnoException).code === 'ENOENT';
    return new NbError(missing ? 'ssh is not installed on this machine' : `ssh cannot be started (${exit.error.message})`, missing ? 'install the OpenSSH client (apt-get install openssh-client)' : SSH_COMMAND_HINT);
  }
  if (exit.exitCode === 0) return undefined;
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (exit.exitCode === 255) return transportFailure(lines, at);
  if (exit.exitCode === 3) return 'refused';
  const tool = lines.map((l) => /(?:^|: )([\w.-]+): (?:command )?not found$/.exec(l)?.[1]).find(Boolean);
  if (exit.exitCode === 127 || tool) return new NbError(`${at.host} has no ${tool ?? 'tool nbbackup needs'} to run for a copy`, TOOLS_HINT);
  const text = lines.join('\n');
  const where = `${at.path} on ${at.host}`;
  if (/Permission denied|Operation not permitted/i.test(text)) return new NbError(`cannot write to ${where} (permission denied)`, 'choose a folder the ssh user may write to, or log in as the user who owns it');
  if (/Read-only file system/i.test(text)) return new NbError(`${where} is on a read-only file system`, 'choose a folder on a writable disk there');
  if (/No space left|Disk quota exceeded/i.test(text)) return new NbError(`the disk holding ${where} is full`, 'free space there, then copy again to go on from where it stopped');
  if (/Not a directory|File exists/i.test(text)) return new NbError(`${where} is not a folder: a file is in the way`, 'name a folder there, or move the file aside');
  if (/No such file or directory/i.test(text)) return new NbError(`${where} cannot be reached (no such file or folder)`, 'check the path; nbbackup makes missing folders only below one that exists');
  if (exit.signal) return new NbError(`could not ${at.doing} ${at.label}: ssh was stopped by ${exit.signal}`, 'run the same ssh command by hand to see more', LINK);
  return new NbError(`could not ${at.doing} ${at.label}: ${oneLine(lines.at(-1) ?? `exit code ${exit.exitCode}`)}`, 'run the same ssh command by hand to see more');
}

/** ssh itself failed: the link, the host's key, or our key. */
function transportFailure(lines: readonly string[], at: FailureContext): NbError {
  const text = lines.join('\n');
  // ssh names the host as it looked it up (an ssh config may set the port): `[host]:port` or `host`.
  const named = /host key is known for (\S+)|Host key for (\S+) has changed/i.exec(text);
  const hostName = named?.[1] ?? named?.[2] ?? (at.port ? `[${at.host}]:${at.port}` : at.host);
  const [, bracketed, port] = /^\[(.+)\]:(\d+)$/.exec(hostName) ?? [];
  const keyscan = port ? `ssh-keyscan -p ${port} ${bracketed}` : `ssh-keyscan ${hostName}`;
  const byHand = port ? `ssh -p ${port} ${bracketed}` : `ssh ${hostName}`;
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(text)) {
    return new NbError(`the host key of ${hostName} has changed since it was trusted`, `someone may be intercepting the link, or the host was reinstalled: check its fingerprint with its admin, then ssh-keygen -R '${hostName}' and connect once by hand`);
  }
  if (/Host key verification failed|No \S+ host key is known/i.test(text)) {
    return new NbError(`the host key of ${hostName} is not known here (not in known_hosts)`, `connect once by hand (${byHand}) and accept it after checking its fingerprint, or add it with ${keyscan} >> ~/.ssh/known_hosts once the fingerprint is checked`);
  }
  if (/Permission denied \(|Too many authentication failures|no mutual signature/i.test(text)) {
    return new NbError(`${at.host} refused our login (permission denied)`, `put this machine's public key in the far user's ~/.ssh/authorized_keys, or name the key (-i) in the ssh command; ${SSH_COMMAND_HINT}`);
  }
  if (/Could not resolve hostname|Name or service not known|Temporary failure in name resolution|nodename nor servname/i.test(text)) {
    return new NbError(`the host name ${at.host} cannot be resolved`, 'check the spelling, or use its IP address');
  }
  if (/Connection refused/i.test(text)) {
    return new NbError(`${hostName} refused the connection (no SSH server listening there)`, 'check the host and port, and that its SSH server runs', LINK);
  }
  if (/timed out|No route to host|Network is unreachable|Host is unreachable/i.test(text)) {
    const why = /No route|unreachable/i.test(text) ? 'no route to it' : 'the connection timed out';
    return new NbError(`${hostName} cannot be reached (${why})`, 'check the network, the host and any firewall between; copy again to go on from where it stopped', LINK);
  }
  if (/Connection (closed|reset)|Broken pipe|closed by remote host|Connection to .* closed/i.test(text)) {
    return new NbError(`the connection to ${hostName} was lost`, 'copy again to go on from where it stopped', LINK);
  }
  return new NbError(`ssh to ${hostName} failed: ${oneLine(lines.at(-1) ?? 'no reason given')}`, SSH_COMMAND_HINT);
}

/** Text from ssh or the far end as one printable line. */
const oneLine = (text: string) => printable(text).slice(0, 300);
