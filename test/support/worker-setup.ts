import path from 'node:path';
import { inject } from 'vitest';

// Code the tests run in-process (vendor dumps, pipes for logins) keeps its private files in the run's
// sandbox, one folder per worker: never the machine's /run/nbbackup, which another run may share.
process.env.NBBACKUP_RUNTIME_DIR = path.join(inject('sandbox').root, `runtime-${process.pid}`);
