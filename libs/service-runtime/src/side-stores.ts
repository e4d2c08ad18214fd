import type { Provider } from '@nestjs/common';
import type { Pool } from 'pg';

/**
 * The service's PostgreSQL database as its event store uses it, for tables of its own beside the
 * events (import reports, personal-data keys): the pool and the schema named after the context. Only
 * a service on its servers has one; in memory there is none.
 */
export interface ContextDatabase {
  readonly pool: Pool;
  /** The context's schema, e.g. "diagnostics": where its tables go. */
  readonly schema: string;
}

export const CONTEXT_DATABASE = Symbol('CONTEXT_DATABASE');

/**
 * A store of the service's own beside its events, chosen by the kit: on PostgreSQL in the service
 * (on the context's pool, in its schema), in memory in fast specs. No module opens a pool or asks
 * which event store it runs on.
 *
 *   sideStore(PersonalDataKeys, {
 *     postgres: (database) => new PostgresPersonalDataKeys(database),
 *     inMemory: () => new InMemoryPersonalDataKeys(),
 *   })
 */
export function sideStore<T>(
  token: abstract new (...args: never[]) => T,
  variants: {
    readonly postgres: (database: ContextDatabase) => T;
    readonly inMemory: () => T;
  },
): Provider {
  return {
    provide: token,
    inject: [{ token: CONTEXT_DATABASE, optional: true }],
    useFactory: (database?: ContextDatabase) =>
      database ? variants.postgres(database) : variants.inMemory(),
  };
}
