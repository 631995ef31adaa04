import { Box, Text } from 'ink';
import type { TypedConfirm } from '../hooks/use-typed-confirm.js';
import { theme } from '../theme.js';
import { TextField } from './text-field.js';

export interface TypedNameConfirmProps {
  /** From useTypedConfirm: the name, whether the last one typed was wrong, and the field's keys. */
  readonly confirm: TypedConfirm;
  /** One line saying what is overwritten and that esc goes back. */
  readonly prompt: string;
  readonly active: boolean;
  readonly width?: number;
}

/** The prompt, "That is not …" after a wrong name, and the field the name is typed into. */
export function TypedNameConfirm({ confirm, prompt, active, width }: TypedNameConfirmProps) {
  return (
    <Box flexDirection="column">
      <Text {...theme.warn} wrap="truncate-end">
        {prompt}
      </Text>
      {confirm.wrongName ? <Text {...theme.fail}>That is not {confirm.name}.</Text> : null}
      <TextField active={active} width={width} onCancel={confirm.close} onChange={confirm.edited} onSubmit={confirm.submit} />
    </Box>
  );
}
