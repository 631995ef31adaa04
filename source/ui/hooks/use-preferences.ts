import { useCallback, useEffect, useState } from 'react';
import { loadConfig, type Config } from '../../core/settings/config.js';
import { errorLine } from '../../core/errors.js';
import { loadPreferences, savePreferences, type Preferences } from '../../core/settings/preferences.js';

/** The interactive tool's defaults (remembered choices over .nbbackuprc), and a way to save new ones. */
export function usePreferences(): { preferences?: Preferences; config?: Config; error?: string; save: (p: Preferences) => string } {
  const [state, setState] = useState<{ preferences?: Preferences; config?: Config; error?: string }>({});
  useEffect(() => {
    loadConfig().then(
      (config) => setState({ preferences: loadPreferences(config), config }),
      (error: unknown) => setState({ error: errorLine(error) }),
    );
  }, []);
  const save = useCallback((preferences: Preferences) => {
    const where = savePreferences(preferences);
    setState((s) => ({ ...s, preferences }));
    return where;
  }, []);
  return { ...state, save };
}
