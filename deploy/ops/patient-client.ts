/**
 * An HTTP client that behaves as the platform asks its callers to during a restart: a 503 is tried
 * again after its Retry-After, a refused, reset or unanswered connection after a short pause, and
 * nothing else is retried (a 4xx is the service's answer, a 500 a fault). Commands it sends carry
 * ids the caller chose (a program's, a teacher's СНИЛС, a provider's ИНН) and, where the API takes
 * one, an If-Match version, so sending one again after a lost answer changes nothing twice.
 * Every logical request is tallied by its operation name: what was sent, how it ended and what
 * was retried on the way.
 */

/** What one logical request came to after its retries. */
export interface Outcome<T = unknown> {
  /** The final answer's status; 'failed' when it never got one before giving up. */
  readonly status: number | 'failed';
  readonly body: T;
  /** Attempts made, 1 when the first one was answered. */
  readonly attempts: number;
  /** Why it failed, or the problem document's code of a 4xx. */
  readonly reason?: string;
}

export interface RetryPolicy {
  /** A request still unanswered after this long (its retries included) has failed. */
  readonly giveUpAfterMs: number;
  /** One attempt's limit: a connection the server holds open without answering is given up and retried. */
  readonly attemptTimeoutMs: number;
  /** Pause before trying again after a refused or reset connection. */
  readonly reconnectPauseMs: number;
}

export const PATIENT: RetryPolicy = {
  giveUpAfterMs: 120_000,
  attemptTimeoutMs: 30_000,
  reconnectPauseMs: 250,
};

/** Connection failures a restart causes: nothing listens yet, or the old process closed the socket. */
const CONNECTION_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** The error code of a failed fetch (undici puts the socket's in `cause`), or the error's name. */
export function failureCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; name?: string } })?.cause;
  if (cause?.code) return cause.code;
  if ((error as Error)?.name === 'TimeoutError') return 'TIMEOUT';
  return cause?.name ?? (error as Error)?.name ?? 'unknown';
}

/** Retry-After in seconds or as an HTTP date, in ms; a missing or malformed one means a second. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null) return 1000;
  if (/^[0-9]+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - now);
}

/** The counts of one operation, e.g. "catalog: draft program". */
export interface OperationTally {
  sent: number;
  answered2xx: number;
  /** Final 4xx answers by status (and problem code), on the first attempt. */
  refused: Record<string, number>;
  /**
   * Final 4xx answers on a retry: the earlier attempt's answer was lost and it had taken effect
   * (an If-Match no longer matching, 412), which the caller checks against the records afterwards.
   */
  refusedAfterRetry: Record<string, number>;
  /** 503 answers that were tried again. */
  retried503: number;
  /** Refused, reset or timed-out connections that were tried again, by code. */
  retriedConnection: Record<string, number>;
  /** Gave up, or answered 5xx other than 503: by reason. */
  failed: Record<string, number>;
}

/** A request's tally before anything was sent. */
export const emptyTally = (): OperationTally => ({
  sent: 0,
  answered2xx: 0,
  refused: {},
  refusedAfterRetry: {},
  retried503: 0,
  retriedConnection: {},
  failed: {},
});

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export class PatientClient {
  readonly tallies = new Map<string, OperationTally>();

  constructor(
    private readonly policy: RetryPolicy = PATIENT,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  tally(operation: string): OperationTally {
    let tally = this.tallies.get(operation);
    if (!tally) {
      tally = emptyTally();
      this.tallies.set(operation, tally);
    }
    return tally;
  }

  /** Sends one logical request, retrying as the class says; never throws. */
  async send<T = Record<string, unknown>>(
    operation: string,
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: unknown },
  ): Promise<Outcome<T>> {
    const tally = this.tally(operation);
    tally.sent += 1;
    const deadline = Date.now() + this.policy.giveUpAfterMs;
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    const body =
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body);
    for (let attempts = 1; ; attempts++) {
      let wait: number;
      try {
        const response = await fetch(url, {
          method: init.method,
          headers,
          body,
          signal: AbortSignal.timeout(this.policy.attemptTimeoutMs),
        });
        const text = await response.text();
        const parsed = (text ? safeJson(text) : {}) as T;
        if (response.status === 503 && Date.now() < deadline) {
          tally.retried503 += 1;
          wait = retryAfterMs(response.headers.get('retry-after'));
        } else {
          return this.settle(tally, response.status, parsed, attempts);
        }
      } catch (error) {
        const code = failureCode(error);
        const retriable = CONNECTION_FAILURES.has(code) || code === 'TIMEOUT';
        if (!retriable || Date.now() >= deadline) {
          bump(tally.failed, retriable ? `gave up (${code})` : code);
          return { status: 'failed', body: {} as T, attempts, reason: code };
        }
        bump(tally.retriedConnection, code);
        wait = this.policy.reconnectPauseMs;
      }
      await this.sleep(Math.min(wait, Math.max(0, deadline - Date.now())));
    }
  }

  private settle<T>(tally: OperationTally, status: number, body: T, attempts: number): Outcome<T> {
    const code = (body as { code?: unknown })?.code;
    const reason = typeof code === 'string' ? code : undefined;
    if (status >= 200 && status < 300) tally.answered2xx += 1;
    else if (status >= 400 && status < 500) {
      const key = reason ? `${status} ${reason}` : String(status);
      bump(attempts > 1 ? tally.refusedAfterRetry : tally.refused, key);
    } else bump(tally.failed, String(status));
    return { status, body, attempts, reason };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}
