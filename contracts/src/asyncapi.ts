import envelopeSchema from '../schemas/envelope.schema.json';
import type { JsonSchema } from './event-history';
import { KAFKA_HEADERS } from './headers';
import {
  CURRENT_SCHEMA_VERSION,
  PUBLIC_EVENTS,
  PUBLIC_EVENT_TYPES,
  contextOf,
  eventName,
  type PublicEventType,
} from './registry';
import { BOUNDED_CONTEXTS, type BoundedContext, PUBLIC_TOPIC_PARTITIONS, publicTopic } from './topics';

/**
 * The AsyncAPI 3.0 document of the public topics, built from the registry so it cannot drift from
 * what assertPublishable enforces. contracts/asyncapi.yaml is this, serialized
 * (npm run contracts:asyncapi). Every node is built fresh, so serializers write no YAML anchors.
 */
export function buildAsyncApiDocument(): Record<string, unknown> {
  const contexts = BOUNDED_CONTEXTS.filter((context) => typesOf(context).length > 0);
  const registeredVersions = PUBLIC_EVENT_TYPES.reduce((sum, type) => sum + CURRENT_SCHEMA_VERSION[type], 0);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'ПК platform public events',
      // major: the topics' major (pk.<context>.events.v1); minor: registered (type, version) pairs,
      // which only ever grow under the additive versioning policy
      version: `1.${registeredVersions}`,
      description:
        'Events the platform publishes for other systems, one topic per bounded context. Every message ' +
        'value is a JSON event envelope; its data has the schema of its type at its schemaVersion ' +
        '(contracts/schemas/<context>/<EventName>.v<N>.schema.json, every version). ' +
        'Topics keep their events for good: a new consumer group reading from the earliest offset ' +
        'meets everything ever published, one that joins late may start at the latest offset or at a ' +
        "time (the offsets for the messages' timestamps). Delivery is at least once: drop duplicates " +
        'by the envelope id, stored in the same transaction as their effect, and commit offsets after ' +
        "it. Publishers send a type's current version and the topic keeps the earlier ones: a reader " +
        'upcasts a version older than the one its code reads (readPublishedEvent from @pk/contracts ' +
        'does, in TypeScript) and sets a newer one aside until it is updated; it skips types it does ' +
        'not know. Guide: docs/subscribing.md; a standalone subscriber to copy: subscriber-example/.',
    },
    defaultContentType: 'application/json',
    channels: Object.fromEntries(
      contexts.map((context) => [
        context,
        {
          address: publicTopic(context),
          description: `Events of the ${context} context, keyed by subject (stream id) so one aggregate's events stay in order.`,
          // whoever comes first creates the topic (the relay, or a subscriber started before it) like this
          bindings: {
            kafka: {
              topic: publicTopic(context),
              partitions: PUBLIC_TOPIC_PARTITIONS,
              topicConfiguration: { 'retention.ms': -1, 'retention.bytes': -1 },
              bindingVersion: '0.5.0',
            },
          },
          messages: Object.fromEntries(
            typesOf(context).map((type) => [eventName(type), { $ref: `#/components/messages/${type}` }]),
          ),
        },
      ]),
    ),
    operations: Object.fromEntries(
      contexts.map((context) => [
        `publish-${context}`,
        {
          action: 'send',
          channel: { $ref: `#/channels/${context}` },
          messages: typesOf(context).map((type) => ({
            $ref: `#/channels/${context}/messages/${eventName(type)}`,
          })),
        },
      ]),
    ),
    components: {
      messages: Object.fromEntries(PUBLIC_EVENT_TYPES.map((type) => [type, message(type)])),
      messageTraits: { kafka: kafkaTrait() },
    },
  };
}

/** How contracts/asyncapi.yaml is serialized: in the repository's prettier style, so format-check passes. */
export const ASYNCAPI_YAML_OPTIONS = { singleQuote: true } as const;

// What every public message shares: the Kafka key and headers, JSON, and where the correlation id is.
function kafkaTrait(): Record<string, unknown> {
  return {
    contentType: 'application/json',
    correlationId: { location: '$message.payload#/correlationId' },
    headers: {
      type: 'object',
      description: 'Copied from the envelope for routing; the envelope rules.',
      required: Object.entries(KAFKA_HEADERS).flatMap(([name, { optional }]) => (optional ? [] : [name])),
      properties: Object.fromEntries(
        Object.entries(KAFKA_HEADERS).map(([name, { description }]) => [
          name,
          { type: 'string', description },
        ]),
      ),
    },
    bindings: {
      kafka: { key: { type: 'string', description: 'The subject (stream id).' }, bindingVersion: '0.5.0' },
    },
  };
}

function message(type: PublicEventType): Record<string, unknown> {
  const current = CURRENT_SCHEMA_VERSION[type];
  const earlier = PUBLIC_EVENTS[type].superseded.map((_, index) => `v${index + 1}`);
  const data = embedded(PUBLIC_EVENTS[type].current);
  const { properties, ...envelope } = embedded(envelopeSchema);
  return {
    name: type,
    title: `${type} v${current}`,
    summary: data.description,
    description:
      earlier.length === 0
        ? `Schema version ${current}.`
        : `Schema version ${current}. Earlier versions still on the topic: ${earlier.join(', ')} ` +
          `(contracts/schemas/${contextOf(type)}/${eventName(type)}.v<N>.schema.json).`,
    traits: [{ $ref: '#/components/messageTraits/kafka' }],
    payload: {
      ...envelope,
      properties: {
        ...(properties as Record<string, JsonSchema>),
        type: { type: 'string', const: type },
        schemaVersion: { type: 'integer', const: current },
        source: { type: 'string', const: `pk/${contextOf(type)}` },
        data,
      },
    },
  };
}

function typesOf(context: BoundedContext): PublicEventType[] {
  return PUBLIC_EVENT_TYPES.filter((type) => contextOf(type) === context);
}

// A fresh copy without $schema: inside AsyncAPI a schema is an AsyncAPI Schema Object (a superset of
// JSON Schema draft-07), and ours use only keywords draft-07 shares with 2020-12.
function embedded(schema: JsonSchema): Record<string, unknown> {
  const { $schema: _, ...rest } = structuredClone(schema) as Record<string, unknown>;
  return rest;
}
