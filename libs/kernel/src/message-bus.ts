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
   * Handles a batch from one partition, in order. Resolving commits the batch; a failure is
   * retried message by message so one poison message cannot hold the others back. Batches of
   * different partitions may be handled at the same time (see partitionsConsumedConcurrently).
   */
  readonly handle: (messages: readonly IncomingMessage[]) => Promise<void>;
  /** How many partitions' batches are handled at once; default 3 (1 for a handler that is not safe to run twice at once). */
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
}

export interface RunningSubscription {
  readonly groupId: string;
  readonly deadLetterTopic: string;
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
