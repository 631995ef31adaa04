import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);

// dist/source/core/errors.js
var NbError = class extends Error {
  hint;
  code;
  constructor(message, hint, code = "error") {
    super(message);
    this.hint = hint;
    this.code = code;
    this.name = "NbError";
  }
};
var UsageError = class extends NbError {
  constructor(message, hint) {
    super(message, hint, "usage");
  }
};
function errorLine(error) {
  if (error instanceof Error)
    return firstLine(error.message) || error.name;
  return firstLine(String(error));
}
function errorHint(error) {
  return error instanceof NbError ? error.hint : void 0;
}
function firstLine(text) {
  return text.split(/\r?\n/).find((line) => line.trim() !== "")?.trim() ?? "";
}

export {
  NbError,
  UsageError,
  errorLine,
  errorHint
};
