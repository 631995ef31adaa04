import { Text } from 'ink';
import type { ItemStatus } from '../../core/inventory/item.js';

/** ✔ for ok, ✖ and the status word otherwise; colour is a bonus (NO_COLOR is honoured by Ink). */
export function StatusBadge({ status }: { readonly status: ItemStatus }) {
  return status === 'ok' ? <Text color="green">✔ ok</Text> : <Text color="red">✖ {status}</Text>;
}
