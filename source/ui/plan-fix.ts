import type { PlanProblem } from '../core/migrate/migrate-plan.js';

// Core's fixes name the command line's way to leave an item out; the wizard's way is its checklist.

const EXCLUDE_FLAG = /\(migrate --exclude [^)]*\)/;

/** A problem's fix as the wizard says it: "(migrate --exclude ID)" becomes the What moves field. */
export function planFix(problem: PlanProblem): string {
  return problem.id && EXCLUDE_FLAG.test(problem.fix) ? problem.fix.replace(EXCLUDE_FLAG, '(untick it under What moves)') : problem.fix;
}
