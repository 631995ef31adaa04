import { useCallback, useEffect, useState } from 'react';
import { loadConfig } from '../../core/settings/config.js';
import { errorLine } from '../../core/errors.js';
import { loadPreferences, savePreferences, type Preferences } from '../../core/settings/preferences.js';

/** The interactive tool's defaults (remembered choices over .nbbackuprc), and a way to save new ones. */
export function usePreferences(): { preferences?: Preferences; error?: string; save: (p: Preferences) => string } {
  const [state, setState] = useState<{ preferences?: Preferences; error?: string }>({});
  useEffect(() => {
    loadConfig().then(
      (config) => setState({ preferences: loadPreferences(config) }),
      (error: unknown) => setState({ error: errorLine(error) }),
    );
  }, []);
  const save = useCallback((preferences: Preferences) => {
    const where = savePreferences(preferences);
    setState({ preferences });
    return where;
  }, []);
  return { ...state, save };
}
