import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line on a command's or event's path carries, so one grep of a correlation id
 * finds a request's whole story across services. Ids only: never a name, a СНИЛС or a payload.
 */
export interface LogContext {
  readonly correlationId?: string;
  /** The event or command that caused the work being logged. */
  readonly causationId?: string | null;
  /** The actor's id: a token's subject or system:<service>. */
  readonly actor?: string;
  /** The stream a command is decided on, or the stream of the event being handled. */
  readonly stream?: string;
  /** The command or event type. */
  readonly command?: string;
  readonly event?: string;
}

const contexts = new AsyncLocalStorage<LogContext>();

/** Runs `work` with these fields added to the surrounding context (inner fields win). */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return contexts.run({ ...contexts.getStore(), ...fields }, work);
}

/** The context of the code running now, for the logger's per-line fields; {} outside any path. */
export function currentLogContext(): LogContext {
  return contexts.getStore() ?? {};
}
