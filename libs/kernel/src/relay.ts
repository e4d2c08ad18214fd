import type { Span } from '@opentelemetry/api';
import { assertPublishable, type EventEnvelope, kafkaHeaders, PUBLIC_TOPIC_PARTITIONS } from '@pk/contracts';
import type { EventStore, LoggedEvent } from './event-store';
import { consoleLog, type Log } from './log';
import type { MessageBus, OutgoingMessage } from './message-bus';
import { endSpan, startPublishSpan } from './trace-context';

/** A stored event the relay could not turn into public messages, kept aside with the reason. */
export interface ParkedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly globalPosition: string;
  readonly reason: string;
  readonly parkedAt: string;
}

/** Leadership of a relay: only its holder may move the checkpoint. */
export interface RelayLease {
  /** Stores the position of the last event the broker acknowledged; fails once leadership is lost. */
  save(position: string): Promise<void>;
  /** Records an event that cannot be published (once per event, however often it is met). */
  park(event: ParkedEvent): Promise<void>;
  release(): Promise<void>;
}

/** Where a relay keeps its checkpoint and its parked events, and who may relay. */
export interface RelayCheckpoints {
  load(relay: string): Promise<string | null>;
  /** How many events this relay parked, and the latest. */
  parked(relay: string): Promise<{ count: number; last: ParkedEvent | null }>;
  /**
   * Waits until this process is the only one relaying under that name (one leader per service);
   * null when the signal aborted the wait.
   */
  lead(relay: string, signal: AbortSignal): Promise<RelayLease | null>;
  /**
   * Events stored after the relay's checkpoint, i.e. not yet acknowledged by the broker (counted up
   * to a cap the adapter names); any replica may ask, leading or not.
   */
  backlog?(relay: string): Promise<number>;
}

export interface EventRelayOptions {
  /** e.g. "catalog": names the checkpoint and the leader lock. */
  readonly name: string;
  readonly store: EventStore;
  readonly bus: MessageBus;
  readonly topic: string;
  readonly partitions?: number;
  readonly checkpoints: RelayCheckpoints;
  /**
   * The public messages a stored event becomes: usually one, upcast to its type's current
   * version; none for an event the service keeps to itself; throws when it cannot be published
   * (the event is then parked). Each result must meet its contract (checked here).
   */
  readonly toPublic: (stored: EventEnvelope) => readonly EventEnvelope[];
  readonly batchSize?: number;
  /**
   * With a store that signals its appends: how long a quiet relay sleeps before it reads the log
   * anyway (for appends of other processes, which are not signalled); default 100 ms.
   */
  readonly quietPollMs?: number;
  readonly log?: Log;
}

/** Where a relay stands, for health checks and people. */
export interface RelayProgress {
  readonly relayed: number;
  readonly position: string | null;
  readonly leading: boolean;
  /** Events it could not publish (see ParkedEvent); anything above 0 needs a person. */
  readonly parked: number;
  readonly lastParked: ParkedEvent | null;
  /** The last attempt failed (broker or store away): since when it has not been relaying, and why. */
  readonly interruptedSince: string | null;
  readonly lastError: string | null;
  /** Attempts started again after a failure since the relay began. */
  readonly restarts: number;
}

/**
 * Relays a service's event log to its public topic: key = stream id (one aggregate's events stay
 * in one partition, in order), checkpoint saved only after the broker acknowledged. A crash
 * between the two re-sends the last batch: at-least-once, and consumers drop duplicates by id.
 *
 * The topic carries each type's current schema version: history stored in older versions is
 * upcast on the way out (toPublic), so replaying old history never stops the relay. An event that
 * still cannot be published (a type no contract knows, data its schema refuses) is parked: recorded
 * with the reason, counted in progress (the service's health turns "degraded"), logged as an error,
 * and the events behind it go on.
 */
export class EventRelay {
  private readonly logger: Log;
  private readonly stopping = new AbortController();
  private lease: RelayLease | null = null;
  private running: Promise<void> | undefined;
  private relayed = 0;
  private lastPosition: string | null = null;
  private parkedCount = 0;
  private lastParked: ParkedEvent | null = null;
  private interruptedSince: Date | null = null;
  private lastError: string | null = null;
  private restarts = 0;
  private failuresInARow = 0;
  private waitingToLead = false;

  constructor(private readonly options: EventRelayOptions) {
    this.logger = options.log ?? consoleLog(`relay:${options.name}`);
  }

  /**
   * Relays until stopped: creates the topic, waits to lead, follows the log from the checkpoint.
   * Any failure (broker or store away, leadership lost, a producer the bus had to replace) starts
   * over from the last acknowledged batch after a pause — 1 s, doubling to 15 s while the failures
   * go on — and never gives up. Resolves once the first attempt leads or fails; never rejects.
   */
  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    let firstAttempt: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (firstAttempt = resolve));
    this.running = (async () => {
      while (!this.stopping.signal.aborted) {
        let pauseMs = 1_000;
        try {
          await this.relayOnce(firstAttempt);
        } catch (error) {
          if (this.stopping.signal.aborted) break;
          this.failuresInARow += 1;
          this.interruptedSince ??= new Date();
          this.lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          pauseMs = Math.min(1_000 * 2 ** (this.failuresInARow - 1), 15_000);
          this.logger.error(
            `relay interrupted: ${String(error)}; resuming from the checkpoint in ${pauseMs / 1000} s`,
          );
        } finally {
          await this.lease?.release().catch(() => undefined);
          this.lease = null;
        }
        firstAttempt();
        if (!this.stopping.signal.aborted) {
          await pause(pauseMs, this.stopping.signal);
          this.restarts += 1;
        }
      }
    })();
    return ready;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** Events stored and not yet published (see RelayCheckpoints.backlog); null where not counted. */
  async backlog(): Promise<number | null> {
    return (await this.options.checkpoints.backlog?.(this.options.name)) ?? null;
  }

  get progress(): RelayProgress {
    return {
      relayed: this.relayed,
      position: this.lastPosition,
      leading: this.lease !== null,
      parked: this.parkedCount,
      lastParked: this.lastParked,
      interruptedSince: this.waitingToLead ? null : (this.interruptedSince?.toISOString() ?? null),
      lastError: this.lastError,
      restarts: this.restarts,
    };
  }

  /** The broker and the store answered: whatever interrupted the relay is over. */
  private resumed(): void {
    if (this.interruptedSince) {
      this.logger.log(
        `relaying again after ${Math.round((Date.now() - this.interruptedSince.getTime()) / 1000)} s`,
      );
    }
    this.interruptedSince = null;
    this.failuresInARow = 0;
  }

  private async relayOnce(onLeading: () => void): Promise<void> {
    const { bus, topic, partitions, checkpoints, name } = this.options;
    await bus.ensureTopics([{ topic, partitions: partitions ?? PUBLIC_TOPIC_PARTITIONS }]);
    // Waiting for another replica's lease is no interruption: that replica relays.
    this.waitingToLead = true;
    try {
      this.lease = await checkpoints.lead(name, this.stopping.signal);
    } finally {
      this.waitingToLead = false;
    }
    if (!this.lease) return;
    const lease = this.lease;
    const from = await checkpoints.load(name);
    const parked = await checkpoints.parked(name);
    this.lastPosition = from;
    this.parkedCount = parked.count;
    this.lastParked = parked.last;
    onLeading();
    await this.follow(lease, from);
  }

  /**
   * Reads, publishes and checkpoints in a pipeline: while one batch is on its way to the broker the
   * next is read and prepared, and each batch's checkpoint is saved once the broker acknowledged it
   * (and every batch before it). At most two batches are beyond the checkpoint; a failure anywhere
   * ends the attempt, and the next one starts from the checkpoint (at least once).
   *
   * When the log is quiet: with a store that signals its appends (onAppended), the relay sleeps
   * until an append of this process commits, or for at most quietPollMs (appends of other replicas), and
   * reads again only then — a new event leaves at once, and the store is not polled meanwhile.
   * After a batch shorter than a full one it waits the same way: that read saw everything committed
   * when it began, and any append committed since has signalled. Without the signal it polls at
   * 1 ms, backing off to 100 ms.
   */
  private async follow(lease: RelayLease, from: string | null): Promise<void> {
    const { store, bus, topic } = this.options;
    const batchSize = this.options.batchSize ?? 1000;
    let position = from;
    let publishing: Promise<void> = Promise.resolve();
    let saving: Promise<void> = Promise.resolve();
    let idleMs = 1;
    const wake = new AppendSignal();
    const unsubscribe = store.onAppended?.(() => wake.signal());
    const signalled = unsubscribe !== undefined;
    const quietMs = this.options.quietPollMs ?? 100;
    try {
      while (!this.stopping.signal.aborted) {
        wake.reset();
        const batch = await store.readAll(position, batchSize);
        if (batch.length === 0) {
          // Caught up: once what is on its way is acknowledged, nothing is held back any more.
          await publishing;
          await saving;
          this.resumed();
          if (signalled) await wake.wait(quietMs, this.stopping.signal);
          else {
            await pause(idleMs, this.stopping.signal);
            idleMs = Math.min(idleMs * 2, 100);
          }
          continue;
        }
        idleMs = 1;
        position = batch[batch.length - 1]!.globalPosition;
        const { messages, spans } = await this.messagesOf(batch, lease);
        const previous = publishing;
        publishing = previous.then(() => bus.publish(topic, messages));
        if (spans.length > 0)
          publishing.then(
            () => spans.forEach((span) => endSpan(span)),
            (error: unknown) => spans.forEach((span) => endSpan(span, error)),
          );
        const acknowledged = publishing;
        const checkpoint = position;
        saving = Promise.all([acknowledged, saving]).then(async () => {
          await lease.save(checkpoint);
          this.lastPosition = checkpoint;
          this.relayed += batch.length;
          this.resumed();
        });
        saving.catch(() => undefined); // awaited below; a failure surfaces there
        await previous;
        if (signalled && batch.length < batchSize) await wake.wait(quietMs, this.stopping.signal);
      }
    } finally {
      unsubscribe?.();
      // Stopping or failing: let what is on its way finish (or fail) before the lease goes.
      await Promise.allSettled([publishing, saving]);
    }
    await publishing;
    await saving;
  }

  /**
   * The public messages of a batch; an event that cannot be published is parked, not sent. An event
   * appended under a trace gets a send span (ended once the broker answered) whose context goes in
   * its messages' `traceparent` header.
   */
  private async messagesOf(
    batch: LoggedEvent[],
    lease: RelayLease,
  ): Promise<{ messages: OutgoingMessage[]; spans: Span[] }> {
    const messages: OutgoingMessage[] = [];
    const spans: Span[] = [];
    for (const logged of batch) {
      const { traceparent, stored } = untraced(logged);
      try {
        const published = this.options.toPublic(stored);
        published.forEach(assertPublishable);
        const sending = startPublishSpan(this.options.topic, stored, traceparent);
        if (sending) spans.push(sending.span);
        messages.push(
          ...published.map((event) =>
            sending?.traceparent === undefined
              ? toMessage(event)
              : withHeader(toMessage(event), 'traceparent', sending.traceparent),
          ),
        );
      } catch (error) {
        await this.park(lease, stored, error);
      }
    }
    return { messages, spans };
  }

  private async park(lease: RelayLease, stored: EventEnvelope, error: unknown): Promise<void> {
    const parked: ParkedEvent = {
      eventId: stored.id,
      type: stored.type,
      streamId: stored.subject,
      globalPosition: stored.globalPosition,
      reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      parkedAt: new Date().toISOString(),
    };
    await lease.park(parked);
    if (this.lastParked?.eventId !== parked.eventId) this.parkedCount += 1;
    this.lastParked = parked;
    this.logger.error(
      `event ${parked.eventId} (${parked.type}, stream ${parked.streamId}, at ${parked.globalPosition}) ` +
        `cannot be published and is parked; the relay goes on: ${parked.reason}`,
    );
  }
}

/** The Kafka form of an event: the envelope as JSON, with the contract's routing headers. */
export function toMessage(event: EventEnvelope): OutgoingMessage {
  return { key: event.subject, value: JSON.stringify(event), headers: kafkaHeaders(event) };
}

/** A logged event's envelope as stored (without the traceparent kept beside it), and that traceparent. */
function untraced(logged: LoggedEvent): { stored: EventEnvelope; traceparent: string | undefined } {
  if (logged.traceparent === undefined) return { stored: logged, traceparent: undefined };
  const { traceparent, ...stored } = logged;
  return { stored, traceparent };
}

function withHeader(message: OutgoingMessage, name: string, value: string): OutgoingMessage {
  return { ...message, headers: { ...message.headers, [name]: value } };
}

/** Appends signalled since the last reset; wait() returns at once if there were any. */
class AppendSignal {
  private signalled = false;
  private waiting: (() => void) | undefined;

  signal(): void {
    this.signalled = true;
    this.waiting?.();
  }

  reset(): void {
    this.signalled = false;
  }

  /** Until an append is signalled (or was since the reset), at most `ms`, or the abort. */
  async wait(ms: number, abort: AbortSignal): Promise<void> {
    if (this.signalled) return;
    const woken = new AbortController();
    this.waiting = () => woken.abort();
    const onAbort = () => woken.abort();
    abort.addEventListener('abort', onAbort, { once: true });
    try {
      await pause(ms, woken.signal);
    } finally {
      abort.removeEventListener('abort', onAbort);
      this.waiting = undefined;
    }
  }
}

/** Waits, or less when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
