/**
 * A store a long-running part depends on (the event store, the read store), as far as telling an
 * outage from a failure goes. Each adapter implements it for its server; the kernel only asks.
 */
export interface OutageProbe {
  /** For logs: "event store (PostgreSQL)", "read store". */
  readonly store: string;
  /** Whether the error is this store's client saying the server cannot be reached (no I/O). */
  isUnreachable(error: unknown): boolean;
  /** Whether the server answers right now; bounded by the probe's own time limit, never rejects. */
  answers(): Promise<boolean>;
}

/**
 * Tells an outage of the stores a part touches from a failure of the work itself, the one way for
 * every consumer, reaction and scheduled command: an error by which a store's client says its server
 * is unreachable is an outage; so is any failure while one of the stores does not answer its probe
 * — what a server says when its own backend is away differs (FerretDB answers "failed to connect" or
 * "unexpected EOF", PostgreSQL refuses connections, MongoDB raises network errors), so asking is the
 * only classification that holds for all of them. An outage is waited out, never dead-lettered or
 * recorded as an outcome; a failure while every store answers is the work's own.
 */
export class OutageClassifier {
  private readonly probes: OutageProbe[] = [];

  constructor(probes: readonly OutageProbe[] = []) {
    for (const probe of probes) this.add(probe);
  }

  /** Adds a store to ask (a service registers each store as it connects to it). */
  add(probe: OutageProbe): void {
    if (!this.probes.includes(probe)) this.probes.push(probe);
  }

  get stores(): readonly string[] {
    return this.probes.map((probe) => probe.store);
  }

  /** True when the error is, or happened during, an outage of one of the stores. */
  async isOutage(error: unknown): Promise<boolean> {
    return (await this.unreachable(error)) !== null;
  }

  /**
   * The store whose client says, by this error alone, that its server cannot be reached (no I/O,
   * so an HTTP answer can use it at once); null when the error does not say so.
   */
  unreachableByError(error: unknown): string | null {
    const named = this.probes.find((probe) => probe.isUnreachable(error));
    if (named) return named.store;
    return isNetworkError(error) ? 'a server (network error)' : null;
  }

  /** The stores that do not answer now (readiness asks; each probe is bounded by its own limit). */
  async silent(): Promise<string[]> {
    const answers = await Promise.all(this.probes.map((probe) => probe.answers()));
    return this.probes.filter((_, i) => !answers[i]).map((probe) => probe.store);
  }

  /** The store that is away (by its error, or by not answering now), or null when all answer. */
  async unreachable(error: unknown): Promise<string | null> {
    const named = this.unreachableByError(error);
    if (named !== null) return named;
    const answers = await Promise.all(this.probes.map((probe) => probe.answers()));
    const silent = this.probes.find((_, i) => !answers[i]);
    return silent?.store ?? null;
  }
}

/** Node's socket errors: the peer refused, reset, timed out or cannot be resolved. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * A socket-level failure anywhere in the error's chain (`cause`, an AggregateError's `errors`): the
 * server was not reached, whichever client reports it.
 */
export function isNetworkError(error: unknown): boolean {
  return causesOf(error).some((cause) => {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && NETWORK_CODES.has(code);
  });
}

/** The error and everything it wraps, each once. */
export function causesOf(error: unknown): object[] {
  const seen: object[] = [];
  const visit = (value: unknown) => {
    if (typeof value !== 'object' || value === null || seen.includes(value) || seen.length > 20) return;
    seen.push(value);
    visit((value as { cause?: unknown }).cause);
    visit((value as { originalError?: unknown }).originalError);
    const errors = (value as { errors?: unknown }).errors;
    if (Array.isArray(errors)) errors.forEach(visit);
  };
  visit(error);
  return seen;
}
