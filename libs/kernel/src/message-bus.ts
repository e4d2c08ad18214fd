/**
 * The messaging port. Services publish and consume through it, never through kafkajs directly:
 * kafkajs is in maintenance mode, and this seam keeps a later swap of client to one file.
 */
export interface OutgoingMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export interface IncomingMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
}

export interface SubscriptionSpec {
  /** One consumer group per (service, purpose): "monitoring.catalog-statistics". */
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Handles a batch: the messages one fetch brought, of one partition or several, each
   * partition's in order. Resolving commits the batch; a failure is retried message by message so
   * one poison message cannot hold the others back (then batches of different partitions may be
   * handled at the same time, see partitionsConsumedConcurrently).
   */
  readonly handle: (messages: readonly IncomingMessage[]) => Promise<void>;
  /**
   * How many partitions' batches are taken at once; default: all of a fetch's, handled as one
   * batch (1 for a handler that is not safe to run twice at once: then one partition's at a time).
   */
  readonly partitionsConsumedConcurrently?: number;
  /** Attempts per message before it goes to the dead-letter topic; default 3. */
  readonly attempts?: number;
  /** First retry pause, doubled per attempt; default 200 ms. */
  readonly backoffMs?: number;
  /**
   * Called after a batch's offsets are committed (handled or dead-lettered), with the next
   * offset to read: how a caller measures progress against the end of the topic.
   */
  readonly onCommitted?: (topic: string, partition: number, nextOffset: string) => void;
  /**
   * An outage of what the handler depends on (the read-model database is down): retried with
   * capped backoff until it passes, never dead-lettered. May ask the server (a probe) to decide.
   */
  readonly isTransient?: (error: unknown) => boolean | Promise<boolean>;
  /** Errors no retry can mend (a malformed message): straight to the dead-letter topic. */
  readonly isPermanent?: (error: unknown) => boolean;
  /**
   * Where its failing messages go; default `<groupId>.dlt`. Consumers whose groups come and go (a
   * read model's generations) share one, so no topic is left behind with an old group.
   */
  readonly deadLetterTopic?: string;
}

/**
 * Where a subscription's consumer stands, for health checks and people. A consumer that crashes is
 * replaced by a fresh one after a pause (doubling, capped), for as long as the subscription runs.
 */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

export interface SubscriptionStatus {
  readonly groupId: string;
  /**
   * running: a member of its group, consuming; restarting: it crashed (or has not joined yet) and a
   * fresh consumer is on its way; stopped: stop() was called.
   */
  readonly state: 'running' | 'restarting' | 'stopped';
  /** When it entered that state (ISO time). */
  readonly since: string;
  /** Fresh consumers started after crashes since the subscription began. */
  readonly restarts: number;
  readonly lastError: string | null;
  /** When it last committed offsets (handled or dead-lettered a batch). */
  readonly lastCommittedAt: string | null;
  /**
   * What the handler needs is away (an outage of a store, a replica behind): its messages wait,
   * never dead-lettered, since then.
   */
  readonly waitingForOutageSince: string | null;
  /** Messages published and not yet committed by the group, as last measured, and when. */
  readonly lag: number | null;
  /** The same lag per topic and partition (empty until measured). */
  readonly partitionLag?: readonly PartitionLag[];
  readonly lagMeasuredAt: string | null;
  /** Behind (lag above 0) and committing nothing since then: stuck although running. */
  readonly stalledSince: string | null;
  /** Whether a person should look, and why: not running, stalled, or waiting out an outage. */
  readonly healthy: boolean;
  readonly problem: string | null;
}

/** What a replay of dead letters did: re-delivered to the consumer's own handling, idempotently. */
export interface DeadLetterReplay {
  readonly groupId: string;
  readonly deadLetterTopic: string;
  readonly state: 'replaying' | 'finished' | 'failed';
  /** Dead letters in the range this replay covers (those there when it started and not replayed before). */
  readonly total: number;
  readonly replayed: number;
  /** Of those, handled now; the others failed again and are dead letters once more (at the end of the topic). */
  readonly handled: number;
  readonly deadLetteredAgain: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
}

export interface RunningSubscription {
  readonly groupId: string;
  readonly deadLetterTopic: string;
  /** Where the consumer stands now (no I/O). */
  status(): SubscriptionStatus;
  /**
   * Re-delivers the dead letters not replayed before, up to those present now, to this
   * subscription's handling (retries, outage waits, dead letters again on failure). Resolves when
   * done; `progress` is told along the way. One replay at a time: a second call joins the first.
   */
  replayDeadLetters(progress?: (replay: DeadLetterReplay) => void): Promise<DeadLetterReplay>;
  stop(): Promise<void>;
}

export interface MessageBus {
  /** Creates missing topics with the given partitions and unlimited retention. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Resolves once the broker has acknowledged every message (all in-sync replicas). */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  subscribe(spec: SubscriptionSpec): Promise<RunningSubscription>;
  /** Newest offset of every partition: how far a reader must get to be caught up. */
  endOffsets(topic: string): Promise<Map<number, string>>;
  /** The next offset a consumer group will read, per partition ("-1": it has committed none there). */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, string>>;
  close(): Promise<void>;
}

export function deadLetterTopicOf(groupId: string): string {
  return `${groupId}.dlt`;
}
