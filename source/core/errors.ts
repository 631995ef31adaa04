/** An expected failure: one line saying what went wrong, one line saying what to do. */
export class NbError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly code: string = 'error',
  ) {
    super(message);
    this.name = 'NbError';
  }
}

/** The usage-error flavour: exit code 2 in every front end. */
export class UsageError extends NbError {
  constructor(message: string, hint?: string) {
    super(message, hint, 'usage');
  }
}

/** One line for any thrown value; unknown errors keep their message but never their stack. */
export function errorLine(error: unknown): string {
  if (error instanceof Error) return firstLine(error.message) || error.name;
  return firstLine(String(error));
}

export function errorHint(error: unknown): string | undefined {
  return error instanceof NbError ? error.hint : undefined;
}

export function firstLine(text: string): string {
  return text.split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? '';
}
