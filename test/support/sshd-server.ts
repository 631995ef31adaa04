import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childExit } from '../../source/core/process/child-exit.js';
import { freePort } from '../../source/core/process/free-port.js';
import { toolCommand } from '../../source/core/process/spawn-tool.js';
import { tcpOpen } from '../../source/core/process/tcp-probe.js';
import { waitFor } from './wait-for.js';

// A private OpenSSH server on 127.0.0.1 with its own host key, client key and client config, as
// TESTBED.md describes: never the machine's sshd, and every client runs with -F so nothing is read
// from or written to the user's ~/.ssh.

export interface SshdServer {
  readonly port: number;
  /** ssh with the config that trusts this server's key and logs in with the test key. */
  readonly sshCommand: string[];
  readonly dir: string;
  /** The HOME of every session: where `~` is there. */
  readonly home: string;
  /** The sshd listener's pid: its children are the sessions open right now. */
  readonly pid: number;
  /** The same ssh with one thing changed, for the failures a client can meet. */
  variant(change: ClientChange): string[];
  close(): Promise<void>;
}

export interface ClientChange {
  /** known_hosts is empty: the server's key is unknown. */
  readonly unknownHost?: boolean;
  /** known_hosts holds another key for the server: its key changed. */
  readonly changedHost?: boolean;
  /** A key the server does not accept. */
  readonly foreignKey?: boolean;
  /** The test key whose sessions get a PATH without sha256sum. */
  readonly noSha256sum?: boolean;
  /** A key of its own whose sessions get this PATH (stand-in tools first, or tools left out). */
  readonly sessionPath?: string;
}

/** The tools a far end needs, but sha256sum. */
const LIMITED_TOOLS = ['sh', 'stat', 'mkdir', 'mv', 'cat', 'rm', 'base64', 'sync', 'id'];

export async function startSshd(): Promise<SshdServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-sshd-'));
  const file = (name: string) => path.join(dir, name);
  const keygen = (name: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file(name)]);
  for (const name of ['host_key', 'id', 'id_foreign', 'id_limited']) keygen(name);
  const port = await freePort();

  // Sessions of the limited key see a PATH of links to every needed tool but sha256sum.
  const limitedBin = file('limited-bin');
  mkdirSync(limitedBin);
  for (const tool of LIMITED_TOOLS) execFileSync('ln', ['-s', execFileSync('sh', ['-c', 'command -v "$1"', 'sh', tool]).toString().trim(), path.join(limitedBin, tool)]);
  const pub = (name: string) => readFileSync(file(`${name}.pub`), 'utf8').trim();
  // Sessions get a HOME of their own: the machine user's dotfiles (a slow .bashrc) stay out of the tests.
  const home = file('home');
  mkdirSync(home);
  const options = (vars: readonly string[]) => vars.map((v) => `environment="${v}"`).join(',');
  writeFileSync(file('authorized_keys'), `${options([`HOME=${home}`])} ${pub('id')}\n${options([`HOME=${home}`, `PATH=${limitedBin}`])} ${pub('id_limited')}\n`);
  const knownHost = (key: string) => `[127.0.0.1]:${port} ${pub(key).split(' ').slice(0, 2).join(' ')}\n`;
  writeFileSync(file('known_hosts'), knownHost('host_key'));
  writeFileSync(file('known_hosts_changed'), knownHost('id_foreign'));
  writeFileSync(file('known_hosts_empty'), '');

  writeFileSync(
    file('sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${file('host_key')}`,
      `PidFile ${file('sshd.pid')}`,
      `AuthorizedKeysFile ${file('authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'PermitUserEnvironment PATH,HOME',
      'StrictModes no',
      'UsePAM no',
    ].join('\n') + '\n',
  );
  const clientConfig = (name: string, change: ClientChange) => {
    const config = file(name);
    let key = change.foreignKey ? 'id_foreign' : change.noSha256sum ? 'id_limited' : 'id';
    if (change.sessionPath !== undefined) {
      // sshd reads authorized_keys at each login: a key added now works at once.
      key = `id_${name}`;
      keygen(key);
      appendFileSync(file('authorized_keys'), `${options([`HOME=${home}`, `PATH=${change.sessionPath}`])} ${pub(key)}\n`);
    }
    writeFileSync(
      config,
      [
        'Host 127.0.0.1',
        `  Port ${port}`,
        `  IdentityFile ${file(key)}`,
        '  IdentitiesOnly yes',
        '  IdentityAgent none',
        `  UserKnownHostsFile ${file(change.unknownHost ? 'known_hosts_empty' : change.changedHost ? 'known_hosts_changed' : 'known_hosts')}`,
        '  GlobalKnownHostsFile /dev/null',
        '  StrictHostKeyChecking yes',
        '  UpdateHostKeys no',
        '  ControlMaster no',
      ].join('\n') + '\n',
    );
    return ['ssh', '-F', config];
  };

  mkdirSync('/run/sshd', { recursive: true });
  const [command, args] = toolCommand('/usr/sbin/sshd', ['-D', '-f', file('sshd_config'), '-E', file('log')]);
  const sshd = spawn(command, args, { stdio: 'ignore' });
  const exited = childExit(sshd);
  let gone = false;
  void exited.then(() => (gone = true));
  const log = () => (existsSync(file('log')) ? readFileSync(file('log'), 'utf8') : '(no log yet)');
  const up = await waitFor(async () => (gone ? 'exited' : (await tcpOpen('127.0.0.1', port, 1000)) && 'listening'), { what: `sshd on 127.0.0.1:${port}`, lastSeen: log });
  if (up === 'exited') throw new Error(`sshd exited at start: ${log()}`);

  let variants = 0;
  return {
    port,
    dir,
    home,
    pid: sshd.pid!,
    sshCommand: clientConfig('ssh_config', {}),
    variant: (change) => clientConfig(`ssh_config_${++variants}`, change),
    async close() {
      if (!gone) {
        sshd.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
