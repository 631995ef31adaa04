import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-IEXP4XVL.js";

// dist/source/commands/parse-options.js
import { parseArgs } from "node:util";
function parseOptions(command, argv, options) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${plainly(error)}`, `see nbbackup ${command} --help`);
  }
}
function plainly(error) {
  const option = /'(-[^']*)'/.exec(error.message)?.[1];
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option)
    return `unknown option ${option}`;
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    return /argument missing/.test(error.message) ? `${option.split(" ")[0]} needs a value` : `${option.split(" ")[0]} takes no value`;
  }
  return error.message.split("\n")[0];
}

export {
  parseOptions
};
