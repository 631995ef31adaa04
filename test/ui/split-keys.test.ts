import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { is } from '../../source/ui/key-bindings.js';
import { splitKeys } from '../../source/ui/split-keys.js';

const plain = { return: false, escape: false, meta: false, upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, ctrl: false } as Key;

describe('splitting a burst into keys', () => {
  it('turns "jj \\r" (tmux send-keys j j Space Enter) into down, down, toggle, select', () => {
    const keys = splitKeys('jj \r', plain);
    expect(keys.map(([input, key]) => (['down', 'toggle', 'select'] as const).find((c) => is(c, input, key)))).toEqual(['down', 'down', 'toggle', 'select']);
  });

  it('keeps ctrl+c a quit and a capital a shifted letter', () => {
    const [[input, key], [capital, shifted]] = splitKeys('\u0003Y', plain);
    expect(is('quit', input, key)).toBe(true);
    expect([capital, shifted.shift]).toEqual(['Y', true]);
  });

  it('leaves alone a single key, and one Ink already parsed', () => {
    expect(splitKeys('j', plain)).toEqual([['j', plain]]);
    const arrow = { ...plain, downArrow: true, meta: true };
    expect(splitKeys('', arrow)).toEqual([['', arrow]]);
  });

  it('gives back the Esc that Ink read as Alt when another key came right behind it', () => {
    const keys = splitKeys('j', { ...plain, meta: true });
    expect(keys.map(([input, key]) => (['back', 'down'] as const).find((c) => is(c, input, key)))).toEqual(['back', 'down']);
  });
});
