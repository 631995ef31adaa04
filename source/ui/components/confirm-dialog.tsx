import { Box, Text, useInput } from 'ink';
import { is } from '../key-bindings.js';

export interface ConfirmDialogProps {
  /** The question, one line. */
  readonly question: string;
  readonly onYes: () => void;
  readonly onNo: () => void;
}

/** A y/n question in a frame; it owns the keyboard while shown. */
export function ConfirmDialog({ question, onYes, onNo }: ConfirmDialogProps) {
  useInput((input, key) => {
    if (is('yes', input, key)) onYes();
    else if (is('no', input, key)) onNo();
  });
  return (
    <Box borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text>
        {question} <Text bold>[y/n]</Text>
      </Text>
    </Box>
  );
}
