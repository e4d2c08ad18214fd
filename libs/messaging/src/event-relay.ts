import { Logger } from '@nestjs/common';
import { type EventEnvelope, kafkaHeaders } from '@pk/contracts';
import { EventStore, Following, followGlobalLog } from '@pk/kernel';
import { MessageBus, OutgoingMessage } from './message-bus';

/** Where a relay keeps the position of the last event the broker acknowledged. */
export interface RelayCheckpoints {
  load(relay: string): Promise<string | null>;
  save(relay: string, position: string): Promise<void>;
  /** Waits until this process is the only one relaying under that name (one leader per service). */
  lead(relay: string): Promise<{ release(): Promise<void> }>;
}

export interface EventRelayOptions {
  /** e.g. "catalog": names the checkpoint and the leader lock. */
  readonly name: string;
  readonly store: EventStore;
  readonly bus: MessageBus;
  readonly topic: string;
  readonly partitions?: number;
  readonly checkpoints: RelayCheckpoints;
  /** Refuses an event that breaks its public contract before it leaves the service. */
  readonly validate: (event: EventEnvelope) => void;
  readonly batchSize?: number;
}

/**
 * Relays a service's event log to its public topic: key = stream id (one aggregate's events stay
 * in one partition, in order), checkpoint saved only after the broker acknowledged. A crash
 * between the two re-sends the last batch: at-least-once, and consumers drop duplicates by id.
 */
export class EventRelay {
  private readonly logger: Logger;
  private following: Following | undefined;
  private leadership: { release(): Promise<void> } | undefined;
  private stopped = false;
  private relayed = 0;
  private lastPosition: string | null = null;

  constructor(private readonly options: EventRelayOptions) {
    this.logger = new Logger(`relay:${options.name}`);
  }

  /** Resolves once this process leads and relays; call without awaiting in a service's start-up. */
  async start(): Promise<void> {
    const { bus, topic, partitions, checkpoints, name } = this.options;
    await bus.ensureTopics([{ topic, partitions: partitions ?? 6 }]);
    this.leadership = await checkpoints.lead(name);
    if (this.stopped) return this.leadership.release();
    this.run(await checkpoints.load(name));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.following?.stop();
    await this.leadership?.release();
  }

  get progress(): { relayed: number; position: string | null } {
    return { relayed: this.relayed, position: this.lastPosition };
  }

  private run(from: string | null): void {
    const { store, bus, topic, checkpoints, name, validate } = this.options;
    this.lastPosition = from;
    this.following = followGlobalLog(
      store,
      from,
      async (batch) => {
        batch.forEach(validate);
        await bus.publish(topic, batch.map(toMessage));
        const position = batch[batch.length - 1]!.globalPosition;
        await checkpoints.save(name, position);
        this.lastPosition = position;
        this.relayed += batch.length;
      },
      { batchSize: this.options.batchSize ?? 500 },
    );
    this.following.done.catch((error: unknown) => {
      if (this.stopped) return;
      // The broker or the store went away: start again from the last acknowledged batch.
      this.logger.error(`relay stopped on ${String(error)}; resuming from the checkpoint in 1 s`);
      setTimeout(() => {
        if (!this.stopped)
          void checkpoints.load(name).then(
            (position) => this.run(position),
            () => this.run(from),
          );
      }, 1000);
    });
  }
}

/** The Kafka form of an event: the envelope as JSON, with the contract's routing headers. */
export function toMessage(event: EventEnvelope): OutgoingMessage {
  return { key: event.subject, value: JSON.stringify(event), headers: kafkaHeaders(event) };
}
