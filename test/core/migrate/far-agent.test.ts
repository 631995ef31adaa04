import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { farAgent } from '../../../source/core/migrate/far-agent.js';
import { FarFactsSchema, RestoreEventSchema, FarRestoreResultSchema } from '../../../source/core/migrate/far-answers.js';

// The far helper's answers are input: a far host (or a login script printing to stdout) may send
// anything. An `ssh` stand-in that prints fixed lines plays that host: no answer it gives may crash
// the near side, reach the terminal raw, or pass for a result of the wrong shape.

function farHostSaying(lines: string): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-farsays-'));
  const script = path.join(dir, 'ssh');
  writeFileSync(path.join(dir, 'answer'), lines);
  writeFileSync(script, `#!/bin/sh\ncat ${JSON.stringify(path.join(dir, 'answer'))}\n`, { mode: 0o755 });
  return [script];
}

const SPEC = { kind: 'ssh' as const, host: 'far.example', path: '/srv/app' };
const ask = (ssh: string[], onEvent?: (e: unknown) => void) =>
  farAgent(SPEC, ssh).call({ args: ['restore'], result: FarRestoreResultSchema, event: RestoreEventSchema, onEvent, signal: new AbortController().signal });
const RESULT = { result: 'restored', checks: [], skipped: [], steps: [{ id: 'main', status: 'restored' }], notes: ['done \u001b]0;TITLE\u0007'] };

describe('answers from the far helper', () => {
  it('drops lines of the wrong shape, keeps well-formed events, and strips control characters', async () => {
    const events: unknown[] = [];
    const lines = ['null', '42', '"text"', 'not json', '{"event":{"type":"upgrade"}}', '{"event":{"type":"step","id":"main","phase":"start","detail":{"toString":1}}}', '{"event":{"type":"step","id":"main\\u001b[2J","phase":"done"}}', JSON.stringify({ result: RESULT })].join('\n');
    const result = await ask(farHostSaying(`${lines}\n`), (e) => events.push(e));
    expect(events).toEqual([{ type: 'step', id: 'main [2J', phase: 'done' }]);
    expect(result.notes).toEqual(['done  ]0;TITLE']);
  });

  it('refuses a result of the wrong shape in one line', async () => {
    await expect(ask(farHostSaying('{"result":"ok"}\n'))).rejects.toThrow(/^far\.example: nbbackup there gave no usable answer \(it answered something nbbackup did not ask for\)$/);
    await expect(ask(farHostSaying('{"error":"boom"}\n'))).rejects.toThrow(/gave no usable answer \(it failed without saying why\)/);
    const facts = farAgent(SPEC, farHostSaying('{"result":{"host":"x"}}\n')).call({ args: ['inspect'], result: FarFactsSchema, signal: new AbortController().signal });
    await expect(facts).rejects.toThrow(/did not ask for/);
  });

  it('cuts off an answer that never ends its line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-farfloods-'));
    const script = path.join(dir, 'ssh');
    writeFileSync(script, '#!/bin/sh\nexec head -c 40000000 /dev/zero\n', { mode: 0o755 });
    await expect(ask([script])).rejects.toThrow(/more than 16777216 bytes in one line/);
  });
});
