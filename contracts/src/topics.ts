/** The six bounded contexts; each owns one event store and one public topic. */
export const BOUNDED_CONTEXTS = [
  'catalog',
  'expertise',
  'vouchers',
  'enrollment',
  'diagnostics',
  'monitoring',
] as const;
export type BoundedContext = (typeof BOUNDED_CONTEXTS)[number];

/**
 * The Kafka topic a context publishes its events to. The major version is part of the name:
 * a breaking change of the envelope gets a new topic, so old subscribers keep working.
 */
export function publicTopic(context: BoundedContext): string {
  return `pk.${context}.events.v1`;
}

/**
 * Partitions of a public topic: the most consumers of one group that can share it. Whoever comes
 * first creates the topic (the publishing relay, or a subscriber started before it) with this count.
 */
export const PUBLIC_TOPIC_PARTITIONS = 6;
