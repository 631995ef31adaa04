// Lets a test interrupt nbbackup while a vendor tool is mid-work: with NBTEST_HANG=<text>, the first call
// whose work holds <text> writes NBTEST_HANG_MARK (so the test knows) and then hangs until it is killed.
import { existsSync, writeFileSync } from 'node:fs';

export async function hangIf(work) {
  const want = process.env.NBTEST_HANG;
  const mark = process.env.NBTEST_HANG_MARK;
  if (!want || !mark || !work.includes(want) || existsSync(mark)) return;
  writeFileSync(mark, work);
  setInterval(() => undefined, 60_000);
  await new Promise(() => undefined);
}
