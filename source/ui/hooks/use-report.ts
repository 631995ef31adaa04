import { useLayoutEffect } from 'react';
import type { ScreenReport } from '../app.js';
import type { Offer } from '../key-hints.js';

/**
 * Tells the app which keys the screen answers to right now and whether work is running, in the
 * commit that draws that state: the footer never offers a key the screen ignores, and a key read
 * right after the frame sees the same state the operator does.
 */
export function useReport(onReport: ((report: ScreenReport) => void) | undefined, keys: readonly Offer[], busy?: ScreenReport['busy'], unsaved?: boolean): void {
  const signature = keys.map((k) => (typeof k === 'string' ? k : k.join(':'))).join(',');
  useLayoutEffect(() => {
    onReport?.({ keys, busy, unsaved });
    // The keys are compared by what they say, not by the array they came in.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [onReport, signature, busy, unsaved]);
}
