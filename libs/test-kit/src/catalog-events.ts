import { randomUUID } from 'node:crypto';
import { goldenExample, type ProviderRegistered } from '@pk/contracts';
import type { NewEvent } from '@pk/kernel';
import { publishedEvent } from './published-event';

/** A ProviderRegistered as a command handler would append it: the golden example with fresh ids. */
export function providerRegistered(region = '63', providerId: string = randomUUID()): NewEvent {
  const example = goldenExample('catalog.ProviderRegistered');
  return {
    id: randomUUID(),
    type: example.type,
    schemaVersion: example.schemaVersion,
    data: { ...example.data, providerId, region },
    actor: example.actor,
    correlationId: randomUUID(),
    causationId: null,
  };
}

/** The same event as published: an envelope at a given stream position, stamped now. */
export function publishedProviderRegistered(
  region = '63',
  providerId: string = randomUUID(),
  streamPosition = 0,
): ProviderRegistered {
  return publishedEvent(
    'catalog.ProviderRegistered',
    { providerId, region },
    { subject: `provider-${providerId}`, position: streamPosition, time: new Date().toISOString() },
  );
}
