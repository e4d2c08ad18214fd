import type { EventEnvelope } from './envelope';

interface KafkaHeader {
  readonly description: string;
  /** undefined: the header is left out for this envelope; only optional headers may do that. */
  readonly value: (envelope: EventEnvelope) => string | undefined;
  readonly optional?: true;
}

/**
 * Kafka headers that travel beside the envelope: ce_… as in the CloudEvents Kafka binding, pk_… for
 * our own fields, so routers and broker tools can filter without parsing the value. They copy the
 * envelope, which stays authoritative.
 */
export const KAFKA_HEADERS: Readonly<Record<string, KafkaHeader>> = {
  'content-type': {
    description: 'application/json: the value is the envelope as JSON.',
    value: () => 'application/json',
  },
  ce_specversion: { description: 'CloudEvents spec version: 1.0.', value: () => '1.0' },
  ce_id: { description: 'The envelope id.', value: (envelope) => envelope.id },
  ce_type: {
    description: 'The envelope type, e.g. catalog.ProviderRegistered.',
    value: (envelope) => envelope.type,
  },
  ce_source: { description: 'The envelope source, e.g. pk/catalog.', value: (envelope) => envelope.source },
  ce_subject: { description: 'The envelope subject (stream id).', value: (envelope) => envelope.subject },
  ce_time: { description: 'The envelope time.', value: (envelope) => envelope.time },
  pk_schema_version: {
    description: 'The envelope schemaVersion, as a decimal string.',
    value: (envelope) => String(envelope.schemaVersion),
  },
  pk_correlation_id: {
    description: 'The envelope correlationId.',
    value: (envelope) => envelope.correlationId,
  },
  pk_causation_id: {
    description: 'The envelope causationId; absent when that is null.',
    value: (envelope) => envelope.causationId ?? undefined,
    optional: true,
  },
};

/** The headers the relay sets on the message carrying this envelope. */
export function kafkaHeaders(envelope: EventEnvelope): Record<string, string> {
  return Object.fromEntries(
    Object.entries(KAFKA_HEADERS).flatMap(([name, header]) => {
      const value = header.value(envelope);
      return value === undefined ? [] : [[name, value]];
    }),
  );
}
