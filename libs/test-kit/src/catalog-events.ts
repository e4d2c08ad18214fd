import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@pk/contracts';
import type { NewEvent } from '@pk/kernel';

/** A ProviderRegistered as a command handler would append it (current schema version). */
export function providerRegistered(region = '63', providerId: string = randomUUID()): NewEvent {
  return {
    id: randomUUID(),
    type: 'catalog.ProviderRegistered',
    schemaVersion: 2,
    data: { providerId, region, name: 'СИПКРО', inn: '6317010870', ownership: 'state' },
    actor: { id: 'admin-63', role: 'ministry-admin' },
    correlationId: randomUUID(),
    causationId: null,
  };
}

/** The same event as published: an envelope at a given stream position. */
export function publishedProviderRegistered(
  region = '63',
  providerId: string = randomUUID(),
  streamPosition = 0,
): EventEnvelope {
  const event = providerRegistered(region, providerId);
  return {
    ...event,
    source: 'pk/catalog',
    subject: `provider-${providerId}`,
    streamPosition,
    globalPosition: `1/${streamPosition + 1}`,
    time: new Date().toISOString(),
  };
}
