import { spawn } from 'node:child_process';

export interface HeldPort {
  readonly port: number;
  release(): void;
}

// Binds without listen() and without SO_REUSEADDR, prints the port, and holds it until stdin closes.
const HOLDER = `
use Socket;
socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!";
bind($s, pack_sockaddr_in(0, INADDR_ANY)) or die "bind: $!";
my ($port) = unpack_sockaddr_in(getsockname($s));
$| = 1;
print "$port\\n";
1 while <STDIN>;
`;

/**
 * A TCP port that refuses every connection and that nothing else can take while it is held: a socket
 * bound to it on every address but never listening. A connect gets ECONNREFUSED (what a stopped app
 * looks like), a server's bind gets EADDRINUSE, and the kernel never hands it out for port 0.
 * Node cannot bind without listening, and its binds set SO_REUSEADDR (which would let a server that
 * sets it too bind the same port), so a tiny perl (part of every Debian/Ubuntu base system) holds it.
 * The holder exits when this process goes, however it goes: its stdin closes.
 */
export async function holdClosedPort(): Promise<HeldPort> {
  const holder = spawn('perl', ['-e', HOLDER], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  holder.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    holder.once('error', (e) => reject(new Error(`cannot hold a closed port: perl: ${e.message}`)));
    holder.once('exit', (code) => reject(new Error(`cannot hold a closed port: perl exited ${code}: ${stderr.trim()}`)));
    holder.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
  });
  holder.removeAllListeners('exit');
  holder.unref();
  for (const stream of [holder.stdin, holder.stdout, holder.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  return {
    port,
    release: () => {
      holder.stdin.end();
      holder.kill();
    },
  };
}
