import { KEY_BINDINGS, KEY_PAIRS, type Command } from './key-bindings.js';

// Turns what a screen offers into the lines the footer and the help show, all read from the key table.

/** A command a screen offers; with a text, what the command does on that screen ("enter pick"). */
export type Offer = Command | readonly [Command, string];

export interface KeyHint {
  readonly keys: string;
  readonly does: string;
}

const commandOf = (offer: Offer): Command => (typeof offer === 'string' ? offer : offer[0]);

/**
 * Each command once (the first offer wins, so a screen's own wording beats the app's), in the order
 * given. `paired` joins up+down and left+right into one hint when both are offered plainly.
 */
export function keyHints(offers: readonly Offer[], paired = false): KeyHint[] {
  const unique = offers.filter((offer, index) => offers.findIndex((o) => commandOf(o) === commandOf(offer)) === index);
  const plain = new Set(unique.filter((offer) => typeof offer === 'string'));
  const hints: KeyHint[] = [];
  for (const offer of unique) {
    const command = commandOf(offer);
    const pair = paired ? KEY_PAIRS.find((p) => plain.has(p.first) && plain.has(p.second) && (p.first === command || p.second === command)) : undefined;
    if (pair) {
      if (pair.first === command) hints.push({ keys: pair.keys, does: pair.does });
      continue;
    }
    hints.push({ keys: KEY_BINDINGS[command].keys, does: typeof offer === 'string' ? KEY_BINDINGS[command].does : offer[1] });
  }
  return hints;
}
