import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { is, KEY_BINDINGS } from '../key-bindings.js';
import { theme } from '../theme.js';

export interface ConfirmDialogProps {
  /** The question, one line. */
  readonly question: string;
  readonly onYes: () => void;
  readonly onNo: () => void;
}

/** A yes/no question in a frame; it owns the keyboard while shown. */
export function ConfirmDialog({ question, onYes, onNo }: ConfirmDialogProps) {
  useKeys((input, key) => {
    if (is('yes', input, key)) onYes();
    else if (is('no', input, key)) onNo();
  });
  return (
    <Box borderStyle="round" borderColor={theme.warn.color} paddingX={1}>
      <Text>
        {question} <Text bold>[{KEY_BINDINGS.yes.keys}/{KEY_BINDINGS.no.keys}]</Text>
      </Text>
    </Box>
  );
}
