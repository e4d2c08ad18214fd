import type { SubscriptionStatus } from '@pk/kernel';

/**
 * The bound on a read model's lag for readiness, in messages: READY_MAX_READ_MODEL_LAG, 10 000 unless
 * set; 0 leaves read models out of readiness. Messages, not seconds: the lag the consumers already
 * measure every 10 s is a count, and a count needs no clock shared with the publisher.
 */
export const READY_MAX_READ_MODEL_LAG = 10_000;

export function maxReadModelLag(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['READY_MAX_READ_MODEL_LAG'];
  return raw === undefined || raw === '' ? READY_MAX_READ_MODEL_LAG : Number(raw);
}

export interface ReadModelLag {
  readonly name: string;
  readonly health: { readonly consumer: SubscriptionStatus | null };
}

/**
 * Null while every read model is near enough its topics to serve reads, or why not: a lag above the
 * bound at its last measurement. A consumer restarting after a crash is /health's concern, not
 * readiness's: every replica shares it, and its reads are as fresh as before the crash. A lag not
 * measured yet (the first 10 s after start) does not hold readiness back: the group's offsets were
 * committed by the replicas before, and the next measurement tells.
 */
export function readModelsBehind(readModels: readonly ReadModelLag[], bound: number): string | null {
  if (bound <= 0) return null;
  const problems = readModels.flatMap(({ name, health }) => {
    const lag = health.consumer?.lag ?? null;
    if (lag !== null && lag > bound) {
      return [`${name}: ${lag} messages behind (more than ${bound})`];
    }
    return [];
  });
  return problems.length === 0 ? null : problems.join('; ');
}
