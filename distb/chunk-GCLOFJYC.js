import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  recogniseInstall
} from "./chunk-PNQCBXDH.js";
import {
  NbError
} from "./chunk-IEXP4XVL.js";

// dist/source/core/discover/locate-install.js
import { realpath } from "node:fs/promises";
import path from "node:path";
async function locateInstall(dir, config) {
  const full = await realpath(path.resolve(dir)).catch(() => {
    throw new NbError(`${dir} does not exist`, "pass the folder that holds the NocoBase install (with its .env or compose file)");
  });
  const configured = config.installs?.find((i) => path.resolve(i.path) === full);
  const install = await recogniseInstall(full, { envFile: configured?.envFile });
  if (!install)
    throw new NbError(`${full} is not a NocoBase install`, "run nbbackup scan to list the installs on this machine");
  return install;
}

// dist/source/commands/interrupt.js
function interruptSignal(what = "stopping") {
  const controller = new AbortController();
  const say = (text) => {
    try {
      process.stderr.write(text);
    } catch {
    }
  };
  const onSignal = () => {
    if (controller.signal.aborted)
      say(`
nbbackup: still ${what}; it finishes by itself
`);
    else
      say(`
nbbackup: interrupted, ${what}\u2026
`);
    controller.abort();
  };
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals)
    process.on(s, onSignal);
  process.stderr.on("error", () => void 0);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of signals)
        process.off(s, onSignal);
    }
  };
}

export {
  locateInstall,
  interruptSignal
};
