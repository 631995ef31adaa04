/** One preflight line: ✔ or ✖, what was found, and what to do about it. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  /** What was found, one line. */
  readonly detail: string;
  /** What to do about it, when not ok. */
  readonly fix?: string;
}
