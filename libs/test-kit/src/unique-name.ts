import { randomBytes } from 'node:crypto';

/** A name no earlier run used, so tests on shared servers never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
