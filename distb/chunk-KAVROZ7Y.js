import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  NbError,
  errorHint,
  errorLine
} from "./chunk-IEXP4XVL.js";

// dist/source/commands/cli-output.js
var EXIT = { ok: 0, failed: 1, usage: 2, refused: 3, interrupted: 130 };
function printJson(value) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}
`);
}
function printError(error) {
  process.stderr.write(`nbbackup: ${errorLine(error)}
`);
  const hint = errorHint(error);
  if (hint)
    process.stderr.write(`  hint: ${hint}
`);
}
function exitCodeFor(error) {
  if (error instanceof NbError && error.code === "usage")
    return EXIT.usage;
  if (error instanceof NbError && error.code === "refused")
    return EXIT.refused;
  return EXIT.failed;
}

export {
  EXIT,
  printJson,
  printError,
  exitCodeFor
};
