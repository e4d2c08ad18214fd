import { readFileSync } from 'node:fs';
import path from 'node:path';
import { issueToken, type Principal } from '@pk/auth';
import type { IsolatedStack } from '../local/isolated-stack';

/**
 * What the e2e files say to a stack's services: tokens signed with the stack's development key (one
 * per principal, kept for the file), and JSON calls that answer the status and the parsed body.
 * The stack is asked for when first used, since a file gets it in its beforeAll.
 */
export function stackClient(stack: () => IsolatedStack) {
  const tokens = new Map<string, string>();

  async function tokenFor(principal: Principal): Promise<string> {
    const key = JSON.stringify(principal);
    if (!tokens.has(key)) {
      const pem = readFileSync(path.join(stack().localDir, 'keys', 'dev-private.pem'), 'utf8');
      tokens.set(key, await issueToken(pem, principal, { ttl: '1h' }));
    }
    return tokens.get(key)!;
  }

  async function call<T = Record<string, unknown>>(
    method: string,
    url: string,
    principal: Principal,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${await tokenFor(principal)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  return { tokenFor, call };
}

/**
 * Polls until `done` holds, up to a minute: a restarted consumer waits for the dead member's session
 * (15 s) to expire before its partitions move. The error names what was awaited and the last value.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 600; i++) {
    last = await probe();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(last)}`);
}

/** A 36-hour physics program for school teachers, voucher-eligible: the card the e2e files submit. */
export const programCard = (title: string, fields: Record<string, unknown> = {}) => ({
  title,
  annotation: 'Практико-ориентированная программа для учителей физики.',
  kind: 'advanced-training',
  hours: 36,
  format: 'blended',
  targetPositions: ['teacher'],
  organizationTypes: ['school'],
  subjects: ['physics'],
  workProfile: '',
  competencies: ['R/01'],
  voucherEligible: true,
  employerAssessment: true,
  practiceShare: 50,
  ...fields,
});
