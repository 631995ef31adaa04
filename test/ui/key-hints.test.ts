import { describe, expect, it } from 'vitest';
import { KEY_BINDINGS } from '../../source/ui/key-bindings.js';
import { keyHints } from '../../source/ui/key-hints.js';

describe('key hints from the one key table', () => {
  it('word every hint from the table, or from the screen when it says what a key does there', () => {
    expect(keyHints(['toggle', ['select', 'go on'], 'back'])).toEqual([
      { keys: 'space', does: 'tick' },
      { keys: 'enter', does: 'go on' },
      { keys: 'esc', does: 'back' },
    ]);
  });

  it('list each command once, the first offer winning (the help never says "esc back" twice)', () => {
    const hints = keyHints([['quit', 'stop and quit'], 'back', 'back', 'quit', 'help']);
    expect(hints).toEqual([
      { keys: 'q', does: 'stop and quit' },
      { keys: 'esc', does: 'back' },
      { keys: '?', does: 'help' },
    ]);
  });

  it('pair up+down and left+right in the footer, and keep them apart in the help', () => {
    expect(keyHints(['up', 'down', 'left', 'right'], true)).toEqual([
      { keys: '↑↓', does: 'move' },
      { keys: '←→', does: 'change' },
    ]);
    expect(keyHints(['up', 'down']).map((h) => h.keys)).toEqual([KEY_BINDINGS.up.keys, KEY_BINDINGS.down.keys]);
  });
});
