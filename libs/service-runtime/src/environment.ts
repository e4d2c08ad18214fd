/** A setting the service cannot start without; the message says which one and what it is for. */
export function requiredSetting(name: string, purpose: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (${purpose})`);
  return value;
}
