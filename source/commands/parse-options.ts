import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../core/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util's parseArgs, with its errors turned into usage errors that name the command's help. */
export function parseOptions<T extends Options>(command: string, argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${plainly(error as Error & { code?: string })}`, `see nbbackup ${command} --help`);
  }
}

/** parseArgs's message in our words: its own text advises `--` tricks that do not apply here. */
function plainly(error: Error & { code?: string }): string {
  const option = /'(-[^']*)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /argument missing/.test(error.message) ? `${option.split(' ')[0]} needs a value` : `${option.split(' ')[0]} takes no value`;
  }
  return error.message.split('\n')[0];
}

/** What a backup takes, shared by `backup` and `profile save` so the two never drift: selection, output, encryption. */
export const BACKUP_OPTIONS = {
  install: { type: 'string' },
  items: { type: 'string' },
  all: { type: 'boolean' },
  exclude: { type: 'string' },
  out: { type: 'string' },
  jobs: { type: 'string' },
  compress: { type: 'string' },
  'pg-jobs': { type: 'string' },
  encrypt: { type: 'boolean' },
  recipient: { type: 'string', multiple: true },
  'recipients-file': { type: 'string' },
  'passphrase-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
