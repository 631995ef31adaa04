import { useState } from 'react';
import { Box, Text } from 'ink';
import { errorLine } from '../../core/errors.js';
import { describeSchedule, nextRuns, parseSchedule, type Schedule } from '../../core/profiles/schedule.js';
import type { ScreenReport } from '../app.js';
import { MarkLine } from '../components/mark.js';
import { TextField } from '../components/text-field.js';
import { localTime } from '../format.js';
import { useKeys } from '../hooks/use-keys.js';
import { useReport } from '../hooks/use-report.js';
import { useSchedule } from '../hooks/use-schedule.js';
import { is } from '../key-bindings.js';
import type { Offer } from '../key-hints.js';
import { theme } from '../theme.js';

export interface ScheduleScreenProps {
  readonly profile: string;
  /** The settings file the tool runs with: the scheduled run is pointed at it. */
  readonly configFile?: string;
  readonly active: boolean;
  readonly width: number;
  readonly height: number;
  readonly onTyping: (typing: boolean) => void;
  readonly onReport?: (report: ScreenReport) => void;
}

const EXAMPLES = 'e.g. every day at 02:30 · every hour at :15 · every Sunday at 03:00';

/** When a profile runs by itself: typed in plain words, checked as typed, with its next runs; written as a systemd timer or cron entry. */
export function ScheduleScreen({ profile, configFile, active, width, height, onTyping, onReport }: ScheduleScreenProps) {
  const schedule = useSchedule(profile, configFile);
  const [typing, setTyping] = useState(false);
  const [text, setText] = useState<string>();
  const shown = text ?? (schedule.current ? describeSchedule(schedule.current) : 'every day at 02:30');
  const parsed = tryParse(shown);
  const keys: Offer[] = typing ? [] : [['select', 'change'], ...(schedule.current ? ([['remove', 'remove the schedule']] as Offer[]) : [])];
  useReport(onReport, keys);
  useKeys(
    (input, key) => {
      if (is('select', input, key)) {
        setTyping(true);
        onTyping(true);
      } else if (is('remove', input, key) && schedule.current && !schedule.busy) schedule.remove();
    },
    // Not blocked while the scheduler is looked up: enter typed at once opens the field all the same.
    { isActive: active && !typing },
  );
  const finish = (value?: string) => {
    setTyping(false);
    onTyping(false);
    if (value === undefined) return;
    setText(value);
    const next = tryParse(value);
    if ('schedule' in next) schedule.save(next.schedule);
  };
  const manual = schedule.host?.scheduler === 'none' && 'schedule' in parsed ? schedule.manual(parsed.schedule).split('\n') : [];
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        Schedule profile {profile}
      </Text>
      <Text wrap="truncate-end" {...theme.dim}>
        {schedule.host ? `${schedule.host.scheduler}: ${schedule.host.why}` : 'Looking at this machine’s scheduler…'}
      </Text>
      <Text wrap="truncate-end">Now: {schedule.current ? describeSchedule(schedule.current) : 'not scheduled'}</Text>
      <Box marginTop={1}>
        {typing ? <TextField active={active} initial={shown} width={width - 2} onChange={setText} onSubmit={(v) => finish(v)} onCancel={() => finish()} /> : <Text wrap="truncate-end">  {shown}</Text>}
      </Box>
      {'error' in parsed ? (
        <MarkLine kind="fail" wrap="truncate-end">
          {parsed.error}
        </MarkLine>
      ) : (
        <Text wrap="truncate-end" {...theme.dim}>
          {same(parsed.schedule, schedule.current) ? 'next' : 'would run'}: {nextRuns(parsed.schedule, new Date(), 3).map(localTime).join(' · ')}
        </Text>
      )}
      <Text wrap="truncate-end" {...theme.dim}>
        {typing ? 'enter writes the schedule · ' : ''}
        {EXAMPLES}
      </Text>
      {schedule.busy ? <Text>Working…</Text> : null}
      {schedule.error ? (
        <MarkLine kind="fail" wrap="truncate-end">
          {schedule.error}
        </MarkLine>
      ) : null}
      {schedule.done ? (
        <Text {...theme.ok} wrap="truncate-end">
          {schedule.done}
        </Text>
      ) : null}
      {manual.length ? (
        <Box flexDirection="column" marginTop={1}>
          <Text {...theme.warn}>No scheduler nbbackup can write here; add this by hand:</Text>
          {manual.slice(0, Math.max(1, height - 11)).map((line, i) => (
            <Text key={i} wrap="truncate-end">
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

function same(a: Schedule, b: Schedule | undefined): boolean {
  return b !== undefined && describeSchedule(a) === describeSchedule(b);
}

function tryParse(text: string): { schedule: Schedule } | { error: string } {
  try {
    return { schedule: parseSchedule(text) };
  } catch (error) {
    return { error: errorLine(error) };
  }
}
