import { Text } from 'ink';
import { theme } from '../theme.js';

export interface ProgressBarProps {
  /** 0–100, or undefined when the total is not known (an indeterminate bar). */
  readonly percent?: number;
  readonly width: number;
}

/** A plain-character bar that reads the same with or without colour. */
export function ProgressBar({ percent, width }: ProgressBarProps) {
  if (percent === undefined) return <Text {...theme.dim}>{'·'.repeat(width)}</Text>;
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
  return (
    <Text>
      <Text {...theme.ok}>{'█'.repeat(filled)}</Text>
      <Text {...theme.dim}>{'░'.repeat(width - filled)}</Text>
    </Text>
  );
}
