import path from 'node:path';
import { useCallback, useEffect, useRef, useState } from 'react';
import { copyAndRecord, destinationFor } from '../../core/copy/copy-to.js';
import { errorLine } from '../../core/errors.js';
import type { Config } from '../../core/settings/config.js';
import type { MarkKind } from '../theme.js';

/** A copy running from the sets browser: which set, where, and how far. */
export interface CopyProgress {
  readonly name: string;
  readonly to: string;
  readonly sent: number;
  readonly total: number;
}

export interface SetCopy {
  readonly running?: CopyProgress;
  /** Copies one set; `done` gets the one-line outcome. One copy at a time. */
  start(setDir: string, to: string, done: (note: { kind: MarkKind; text: string }) => void): void;
}

/** One off-site copy at a time; leaving the screen stops it, and the next copy goes on from there. */
export function useSetCopy(config: Config): SetCopy {
  const [running, setRunning] = useState<CopyProgress>();
  const busy = useRef(false);
  const controller = useRef<AbortController>(undefined);
  useEffect(() => () => controller.current?.abort(), []);
  const start = useCallback(
    (setDir: string, to: string, done: (note: { kind: MarkKind; text: string }) => void) => {
      if (busy.current) return;
      busy.current = true;
      const name = path.basename(setDir);
      const abort = new AbortController();
      controller.current = abort;
      setRunning({ name, to, sent: 0, total: 0 });
      let shown = 0;
      void (async () => {
        try {
          const destination = await destinationFor(to, config);
          const result = await copyAndRecord(setDir, destination, abort.signal, (event) => {
            // A frame per percent at most: a fast local copy must not flood the terminal.
            if (event.type !== 'progress' || (event.total && event.sent < event.total && event.sent - shown < event.total / 100)) return;
            shown = event.sent;
            setRunning({ name, to: destination.label, sent: event.sent, total: event.total });
          });
          done({ kind: 'ok', text: result.alreadyThere ? `${name} was already at ${result.to}.` : `Copied ${name} to ${result.to}, verified there.` });
        } catch (error) {
          done({ kind: 'fail', text: `Copy to ${to}: ${errorLine(error)}` });
        } finally {
          busy.current = false;
          setRunning(undefined);
        }
      })();
    },
    [config],
  );
  return { running, start };
}
