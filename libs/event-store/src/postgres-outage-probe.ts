import { causesOf, type OutageProbe, within } from '@pk/kernel';
import type { Pool } from 'pg';

/**
 * SQLSTATEs by which PostgreSQL says it cannot serve now: connection exceptions (class 08), the
 * server shutting down or starting up (57P01–57P03), too many connections (53300).
 */
const UNAVAILABLE = /^(08...|57P0[123]|53300)$/;

/** What node-postgres says when it loses or cannot get a connection. */
const CONNECTION_LOST =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/**
 * The PostgreSQL server behind a pool (the event store, the schedule, relay checkpoints), as an
 * outage probe: it is away when node-postgres says so, or when it does not answer `select 1`
 * within the time.
 */
export function postgresOutageProbe(
  pool: Pool,
  store = 'event store (PostgreSQL)',
  withinMs = 5_000,
): OutageProbe {
  return {
    store,
    isUnreachable: (error) =>
      causesOf(error).some((cause) => {
        const { code, message } = cause as { code?: unknown; message?: unknown };
        return (
          (typeof code === 'string' && UNAVAILABLE.test(code)) ||
          (typeof message === 'string' && CONNECTION_LOST.test(message))
        );
      }),
    answers: () =>
      within(
        pool.query('select 1').then(
          () => true,
          () => false,
        ),
        withinMs,
        false,
      ),
  };
}
