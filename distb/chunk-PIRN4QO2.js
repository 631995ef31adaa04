import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);

// dist/source/core/settings/defaults.js
import os from "node:os";
import path from "node:path";
function defaultOutDir() {
  return process.getuid?.() === 0 ? "/var/backups/nbbackup" : path.join(os.homedir(), "nbbackup");
}
function defaultJobs() {
  return Math.min(4, Math.max(2, os.availableParallelism()));
}

export {
  defaultOutDir,
  defaultJobs
};
