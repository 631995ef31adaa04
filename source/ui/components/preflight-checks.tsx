import { Box, Text } from 'ink';
import type { Check } from '../../core/restore/preflight.js';
import { theme } from '../theme.js';
import { Mark } from './mark.js';

/** Passed checks share a few lines (80×24 must hold the plan too); a failed one gets its own line and its fix. */
export function PreflightChecks({ checks }: { readonly checks: readonly Check[] }) {
  const passed = checks.filter((c) => c.ok);
  return (
    <Box flexDirection="column">
      {passed.length ? (
        // Whole checks wrap, never a check split over two lines.
        <Box flexWrap="wrap">
          {passed.map((c, i) => (
            <Box key={c.name} marginRight={1}>
              <Text>
                <Mark kind="ok" /> {c.name}
                {i < passed.length - 1 ? ' ·' : ''}
              </Text>
            </Box>
          ))}
        </Box>
      ) : null}
      {checks
        .filter((c) => !c.ok)
        .map((c) => (
          <FailedCheck key={c.name} check={c} />
        ))}
    </Box>
  );
}

function FailedCheck({ check }: { readonly check: Check }) {
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Mark kind="fail" /> {check.name}: <Text {...theme.dim}>{check.detail}</Text>
      </Text>
      {check.fix ? (
        <Text {...theme.warn} wrap="truncate-end">
          {'    '}fix: {check.fix}
        </Text>
      ) : null}
    </Box>
  );
}
