/**
 * Settings Ink and chalk read once, when they load: call this before importing the UI.
 * - no-color.org: chalk reads FORCE_COLOR, so NO_COLOR turns it off there.
 * - Ink draws only the last frame when CI is set (is-in-ci); an operator at a real terminal
 *   inside a CI-flagged shell would stare at a blank screen, so the live screen wins.
 */
export function prepareTerminalEnv(): void {
  if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
  if (process.stdout.isTTY && process.stdin.isTTY) {
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
  }
}
