import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { HelpOverlay } from '../../source/ui/components/help-overlay.js';
import { KeyFooter } from '../../source/ui/components/key-footer.js';
import { CHECKLIST_KEYS } from '../../source/ui/screens/checklist-screen.js';
import { HOME_KEYS } from '../../source/ui/screens/home-screen.js';

describe('footer and help, worded by the key table', () => {
  it('the footer pairs the arrows and fits a checklist into 80 columns', () => {
    expect(render(<KeyFooter offers={[...HOME_KEYS, 'help']} />).lastFrame()).toBe('↑↓ move · enter open · ? help');
    const checklist = render(<KeyFooter offers={[...CHECKLIST_KEYS, 'help']} />).lastFrame() ?? '';
    expect(checklist).toBe('↑↓ move · space tick · a all · n none · enter go on · ? help');
    expect(checklist.length).toBeLessThan(80);
  });

  it('the help lists every key of the screen once, esc included only once', () => {
    const frame = render(<HelpOverlay offers={[...CHECKLIST_KEYS, 'back', 'quit', ['help', 'close this help']]} />).lastFrame() ?? '';
    expect(frame.match(/esc\s+back/g)).toHaveLength(1);
    expect(frame).toMatch(/↑\/k\s+move up/);
    expect(frame).toMatch(/↓\/j\s+move down/);
    expect(frame).toMatch(/\?\s+close this help/);
  });
});
