// What monitoring tells the ministry about a region's year, read over its public API, and the
// rebuild of a service's read models from zero: what the demo region's e2e and the region bench
// use to show that read models rebuilt while writes go on answer exactly as the live ones did.
import type { Principal } from '@pk/auth';

export type Call = <T = Record<string, unknown>>(
  method: string,
  url: string,
  principal: Principal,
  body?: unknown,
) => Promise<{ status: number; body: T }>;

export interface RegionScope {
  readonly region: string;
  readonly year: number;
  readonly municipalityIds: readonly string[];
  readonly providerIds: readonly string[];
}

/**
 * Every answer monitoring gives the region's ministry for the year, by its path: the figures, the
 * Samara indicators, goals 2–4 and the activity of the region and of each municipality, the Irbey scores of
 * every municipality, the catalog's statistics and the evidence of impact of each provider. An
 * answer other than 200 throws: a comparison of failures would prove nothing.
 */
export async function monitoringAnswers(
  call: Call,
  monitoringUrl: string,
  scope: RegionScope,
): Promise<Record<string, unknown>> {
  const { region, year } = scope;
  const ministry: Principal = { subject: 'monitoring-answers', role: 'ministry-admin', region };
  const of = `region=${region}&year=${year}`;
  const paths = [
    `/statistics/figures?${of}`,
    `/statistics/activity?${of}`,
    `/statistics/catalog?region=${region}`,
    `/indicators/samara?${of}`,
    `/indicators/goals?${of}`,
    `/indicators/irbey?${of}`,
    ...scope.municipalityIds.flatMap((id) => [
      `/statistics/figures?${of}&municipalityId=${id}`,
      `/statistics/activity?${of}&municipalityId=${id}`,
      `/indicators/samara?${of}&municipalityId=${id}`,
      `/indicators/goals?${of}&municipalityId=${id}`,
    ]),
    ...scope.providerIds.map((id) => `/statistics/impact?${of}&providerId=${id}`),
  ];
  const answers: Record<string, unknown> = {};
  // a few at a time: the comparison must not itself load the service it reads
  for (let i = 0; i < paths.length; i += 4) {
    await Promise.all(
      paths.slice(i, i + 4).map(async (path) => {
        const answer = await call('GET', `${monitoringUrl}${path}`, ministry);
        if (answer.status !== 200) {
          throw new Error(`GET ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
        }
        answers[path] = answer.body;
      }),
    );
  }
  return answers;
}

/**
 * The answers once they stop changing: read until two readings `apartMs` apart are equal (the
 * service's consumers have counted everything the writes before produced). On a loaded machine the
 * consumers may take minutes; a timeout names the answers that still changed.
 */
export async function settledAnswers(
  read: () => Promise<Record<string, unknown>>,
  { apartMs = 5_000, timeoutMs = 300_000 }: { apartMs?: number; timeoutMs?: number } = {},
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, apartMs));
    const now = await read();
    const changed = Object.keys(now).filter(
      (path) => JSON.stringify(now[path]) !== JSON.stringify(last[path]),
    );
    if (changed.length === 0) return now;
    if (Date.now() > deadline) {
      throw new Error(
        `monitoring's answers still changed after ${timeoutMs} ms: ${changed.slice(0, 5).join(', ')}`,
      );
    }
    last = now;
  }
}

export interface Rebuilt {
  readonly names: readonly string[];
  /** Events each rebuild read from offset zero, added up. */
  readonly events: number;
  readonly seconds: number;
}

/**
 * Every read model a service keeps (its /health names them) rebuilt from offset zero at once, as
 * a platform operator asks for it; answers when the last has swapped in. A failed rebuild throws.
 */
export async function rebuildReadModels(call: Call, serviceUrl: string, region: string): Promise<Rebuilt> {
  const operator: Principal = { subject: 'read-model-rebuild', role: 'platform-operator', region };
  const health = (await (await fetch(`${serviceUrl}/health`)).json()) as { checks: Record<string, unknown> };
  const names = Object.keys(health.checks)
    .filter((check) => check.startsWith('projection:'))
    .map((check) => check.slice('projection:'.length));
  const started = performance.now();
  for (const name of names) {
    const answer = await call('POST', `${serviceUrl}/projections/${name}/rebuild`, operator);
    if (answer.status !== 202) throw new Error(`rebuild of ${name}: HTTP ${answer.status}`);
  }
  let events = 0;
  for (const name of names) {
    for (;;) {
      const progress = await call<{ state: string; processed: number; error?: string }>(
        'GET',
        `${serviceUrl}/projections/${name}/rebuild`,
        operator,
      );
      if (progress.body.state === 'swapped') {
        events += progress.body.processed;
        break;
      }
      if (progress.body.state === 'failed') throw new Error(`rebuild of ${name}: ${progress.body.error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { names, events, seconds: (performance.now() - started) / 1000 };
}

/**
 * Writes that go on while something else happens: a municipality of `region` registered through
 * catalog every `everyMs`, open loop. `stop` answers how many were registered (201).
 */
export function municipalitiesRegistering(
  call: Call,
  catalogUrl: string,
  region: string,
  oktmoOf: (serial: number) => { municipalityId: string; oktmo: string },
  everyMs = 200,
) {
  const admin: Principal = { subject: 'steady-writes', role: 'ministry-admin', region };
  const pending: Promise<void>[] = [];
  let serial = 0;
  let registered = 0;
  const one = async () => {
    const { municipalityId, oktmo } = oktmoOf(++serial);
    const answer = await call('POST', `${catalogUrl}/municipalities`, admin, {
      municipalityId,
      region,
      name: `муниципальный район Текущий-${serial}`,
      kind: 'municipal-district',
      oktmo,
    });
    if (answer.status === 201) registered += 1;
  };
  const timer = setInterval(() => pending.push(one().catch(() => undefined)), everyMs);
  return {
    async stop(): Promise<number> {
      clearInterval(timer);
      await Promise.all(pending);
      return registered;
    },
  };
}
