import { Logger } from '@nestjs/common';
import { type EventEnvelope, kafkaHeaders, PUBLIC_TOPIC_PARTITIONS } from '@pk/contracts';
import { EventStore, Following, followGlobalLog } from '@pk/kernel';
import { MessageBus, OutgoingMessage } from './message-bus';

/** Leadership of a relay: only its holder may move the checkpoint. */
export interface RelayLease {
  /** Stores the position of the last event the broker acknowledged; fails once leadership is lost. */
  save(position: string): Promise<void>;
  release(): Promise<void>;
}

/** Where a relay keeps its checkpoint, and who may relay. */
export interface RelayCheckpoints {
  load(relay: string): Promise<string | null>;
  /**
   * Waits until this process is the only one relaying under that name (one leader per service);
   * null when the signal aborted the wait.
   */
  lead(relay: string, signal: AbortSignal): Promise<RelayLease | null>;
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
  private readonly stopping = new AbortController();
  private following: Following | undefined;
  private lease: RelayLease | null = null;
  private running: Promise<void> | undefined;
  private relayed = 0;
  private lastPosition: string | null = null;

  constructor(private readonly options: EventRelayOptions) {
    this.logger = new Logger(`relay:${options.name}`);
  }

  /**
   * Relays until stopped: creates the topic, waits to lead, follows the log from the checkpoint.
   * Any failure (broker or store away, leadership lost) starts over from the last acknowledged
   * batch after a pause. Resolves once the first attempt leads or fails; never rejects.
   */
  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    let firstAttempt: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (firstAttempt = resolve));
    this.running = (async () => {
      while (!this.stopping.signal.aborted) {
        try {
          await this.relayOnce(firstAttempt);
        } catch (error) {
          if (this.stopping.signal.aborted) break;
          this.logger.error(`relay interrupted: ${String(error)}; resuming from the checkpoint in 2 s`);
        } finally {
          await this.lease?.release().catch(() => undefined);
          this.lease = null;
        }
        firstAttempt();
        if (!this.stopping.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    })();
    return ready;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.following?.stop();
    await this.running;
  }

  get progress(): { relayed: number; position: string | null; leading: boolean } {
    return { relayed: this.relayed, position: this.lastPosition, leading: this.lease !== null };
  }

  private async relayOnce(onLeading: () => void): Promise<void> {
    const { store, bus, topic, partitions, checkpoints, name, validate } = this.options;
    await bus.ensureTopics([{ topic, partitions: partitions ?? PUBLIC_TOPIC_PARTITIONS }]);
    this.lease = await checkpoints.lead(name, this.stopping.signal);
    if (!this.lease) return;
    const lease = this.lease;
    const from = await checkpoints.load(name);
    this.lastPosition = from;
    onLeading();
    this.following = followGlobalLog(
      store,
      from,
      async (batch) => {
        batch.forEach(validate);
        await bus.publish(topic, batch.map(toMessage));
        const position = batch[batch.length - 1]!.globalPosition;
        await lease.save(position);
        this.lastPosition = position;
        this.relayed += batch.length;
      },
      { batchSize: this.options.batchSize ?? 500 },
    );
    await this.following.done;
  }
}

/** The Kafka form of an event: the envelope as JSON, with the contract's routing headers. */
export function toMessage(event: EventEnvelope): OutgoingMessage {
  return { key: event.subject, value: JSON.stringify(event), headers: kafkaHeaders(event) };
}
