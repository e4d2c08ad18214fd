import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import providerRegisteredV2 from '../examples/catalog/ProviderRegistered.v2.json';
import { ASYNCAPI_YAML_OPTIONS, buildAsyncApiDocument } from './asyncapi';
import { kafkaHeaders } from './headers';
import { PUBLIC_EVENT_TYPES } from './registry';
import { publicTopic } from './topics';

describe('AsyncAPI document', () => {
  it('is committed as generated from the registry', () => {
    const committed = readFileSync(join(__dirname, '..', 'asyncapi.yaml'), 'utf8');
    const generated = stringify(buildAsyncApiDocument(), ASYNCAPI_YAML_OPTIONS);
    if (committed !== generated) {
      throw new Error(
        'contracts/asyncapi.yaml is out of date with the registry: run npm run contracts:generate',
      );
    }
    expect(parse(committed)).toEqual(buildAsyncApiDocument());
  });

  it('has a message for every event type on its public topic', () => {
    const document = buildAsyncApiDocument() as {
      channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
    };
    expect(document.channels.catalog.address).toBe(publicTopic('catalog'));
    const refs = Object.values(document.channels).flatMap((channel) => Object.values(channel.messages));
    expect(refs.map(({ $ref }) => $ref.split('/').pop()).sort()).toEqual([...PUBLIC_EVENT_TYPES].sort());
  });
});

describe('Kafka headers', () => {
  it('copy the envelope, CloudEvents style', () => {
    expect(kafkaHeaders(providerRegisteredV2)).toEqual({
      'content-type': 'application/json',
      ce_specversion: '1.0',
      ce_id: providerRegisteredV2.id,
      ce_type: 'catalog.ProviderRegistered',
      ce_source: 'pk/catalog',
      ce_subject: providerRegisteredV2.subject,
      ce_time: providerRegisteredV2.time,
      pk_schema_version: '2',
      pk_correlation_id: providerRegisteredV2.correlationId,
      pk_causation_id: providerRegisteredV2.causationId,
    });
    expect(kafkaHeaders({ ...providerRegisteredV2, causationId: null })).not.toHaveProperty(
      'pk_causation_id',
    );
  });
});
