import prettyBytes from 'pretty-bytes';
import type { MigrationPlan } from '../core/migrate/migrate-plan.js';
import type { MigrationEvent, MigrationStage } from '../core/migrate/run-migration.js';
import { printableLines } from '../core/text/printable.js';
import { progressLines } from './progress-lines.js';
import { logEvent } from './restore-lines.js';

const STAGE_LINES: Readonly<Record<MigrationStage, string>> = {
  connect: 'connecting and sending the far-side helper',
  inspect: 'inspecting the far side',
  backup: 'backing up here',
  transfer: 'sending the set',
  restore: 'restoring there',
};

/** The plan side by side, as the log shows it before the confirmation. */
export function planLines(plan: MigrationPlan): string[] {
  const lines = [`Plan: ${plan.from} → ${plan.farHost}:${plan.to.slice(plan.to.indexOf(':') + 1)}`];
  for (const row of plan.rows) lines.push(`  ${row.id.padEnd(22)} ${row.here}${row.sizeBytes ? ` (${prettyBytes(row.sizeBytes)})` : ''}`, `  ${''.padEnd(22)} → ${row.there}`);
  const differ = plan.env.filter((e) => !e.same);
  if (differ.length) {
    lines.push('Settings that differ (the far .env is kept as it is):');
    for (const e of differ) lines.push(`  ${e.name.padEnd(22)} here ${e.here || '(unset)'}  ·  there ${e.there || '(unset)'}`);
  }
  for (const note of plan.notes) lines.push(`· ${note}`);
  for (const p of plan.problems) lines.push(`✖ ${p.reason}`, `    fix: ${p.fix}`);
  return lines.map(printableLines);
}

/** One log line per step of a migration; backup and restore lines as their own commands print them. */
export function migrationLines(write: (line: string) => void, onPlan: (plan: MigrationPlan) => void): (event: MigrationEvent) => void {
  // Ids, labels and places come from the app's own tables here and from the far host: printable only.
  const log = (line: string) => write(printableLines(line));
  const backup = progressLines(log);
  let sent = 0;
  return (event) => {
    switch (event.type) {
      case 'stage':
        log(`— ${STAGE_LINES[event.stage]}`);
        break;
      case 'plan':
        onPlan(event.plan);
        break;
      case 'backup':
        backup(event.event);
        break;
      case 'transfer':
        if (event.event.type === 'file') log(`  ${event.event.name} (${prettyBytes(event.event.bytes)})${event.event.resumedFrom ? `, going on from ${prettyBytes(event.event.resumedFrom)}` : ''}`);
        else if (event.event.type === 'already-there') log('  the set is already there, proven file by file');
        else if (event.event.sent - sent > 64 * 1024 * 1024 || event.event.sent === event.event.total) {
          sent = event.event.sent;
          log(`  ${prettyBytes(event.event.sent)} of ${prettyBytes(event.event.total)} sent`);
        }
        break;
      case 'retry':
        log(`  the link dropped (${event.reason}); going on from what arrived (attempt ${event.attempt + 1})`);
        break;
      case 'restore':
        logEvent(event.event, (line) => log(`  ${line}`));
        break;
      case 'far-log':
        break;
    }
  };
}
