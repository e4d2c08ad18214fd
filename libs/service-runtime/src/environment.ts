import { settingText } from './settings/settings';

/**
 * A setting the service cannot start without; the message says which one and what it is for.
 * Read from the variable or, for a secret, the file `<NAME>_FILE` names (checked at start-up by
 * the service's settings schema, so this only fails in code run outside a service: scripts, specs).
 */
export function requiredSetting(name: string, purpose: string): string {
  const value = settingText(name);
  if (!value) throw new Error(`${name} is not set (${purpose})`);
  return value;
}
