import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);

// dist/source/core/process/tool-meta.js
import { readFileSync } from "node:fs";
var TOOL_VERSION = (() => {
  for (const rel of ["../../../../package.json", "../../../package.json"]) {
    try {
      return JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")).version;
    } catch {
    }
  }
  return "0.0.0";
})();

export {
  TOOL_VERSION
};
