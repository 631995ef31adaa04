// Dev aid: starts the bench's servers and one fixture, prints the install folder, holds until killed.
import { holdClosedPort } from '../test/support/closed-port.js';
import { startMariaDb } from '../test/support/mariadb-server.js';
import { startPostgres } from '../test/support/pg-server.js';
import { buildBenchInstall } from './bench-fixture.js';
const [pg, maria] = await Promise.all([startPostgres(), startMariaDb()]);
const port = await holdClosedPort();
const b = await buildBenchInstall(pg, maria, Number(process.argv[2] ?? 10), 'compressible', port.port);
console.log(JSON.stringify({ dir: b.dir, pgBin: pg.binDir }));
setInterval(() => undefined, 1 << 30);
