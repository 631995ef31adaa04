import { describe, expect, it } from 'vitest';
import { canGoBack, IDLE, stepOf, type MigrationState } from '../../source/ui/hooks/migration-state.js';

// Which part of the wizard a state is in, and when going back is allowed: one rule for both.

const started: MigrationState = { ...IDLE, started: true, stage: 'connect' };
const plan = { problems: [] } as never;

describe('the wizard steps', () => {
  it('goes form → connecting → plan → running → result, and back to the form when it ends before a plan', () => {
    expect(stepOf(IDLE)).toBe('form');
    expect(stepOf(started)).toBe('connecting');
    expect(stepOf({ ...started, stage: 'inspect', plan, asking: true })).toBe('plan');
    expect(stepOf({ ...started, stage: 'transfer', plan })).toBe('running');
    expect(stepOf({ ...started, stage: 'restore', plan, error: { line: 'lost' } })).toBe('result');
    expect(stepOf({ ...started, error: { line: 'ssh: connect refused' } })).toBe('form');
  });

  it('lets the run go back only before its plan is passed, or once it has ended', () => {
    expect(canGoBack({ ...started, stage: 'inspect', plan, asking: true })).toBe(true);
    for (const stage of ['backup', 'transfer', 'restore'] as const) {
      expect(canGoBack({ ...started, stage })).toBe(false);
      expect(canGoBack({ ...started, stage, error: { line: 'lost' } })).toBe(true);
    }
  });
});
