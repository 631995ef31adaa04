import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);

// dist/source/commands/terminal-env.js
function prepareTerminalEnv() {
  if (process.env.NO_COLOR)
    process.env.FORCE_COLOR = "0";
  if (process.stdout.isTTY && process.stdin.isTTY) {
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
  }
}

export {
  prepareTerminalEnv
};
