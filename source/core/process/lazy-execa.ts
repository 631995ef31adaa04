import type { Options, ResultPromise } from 'execa';

/**
 * execa, loaded on the first call: most runs of a command never start a tool through it, and loading
 * it up front is a good part of the start-up time (bench/ measures it).
 */
export async function execa<O extends Options = Options>(file: string, args: readonly string[], options?: O): Promise<Awaited<ResultPromise<{} & O>>> {
  const { execa: run } = await import('execa');
  return await run(file, args, options);
}
