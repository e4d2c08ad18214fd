import type { INestApplicationContext } from '@nestjs/common';
import { type EventEnvelope, publicTopic } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import type { ReadModelOf } from '@pk/projections';
import { readModelToken } from '@pk/service-runtime';
import { publishedEvent, serverEndpoints, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { teacherDirectory } from '../src/projections/teacher-directory/teacher-directory.projection';

// The catalog's directory as its public topic carries it: the schools and municipalities a test's
// teachers work in must be there, or registering them is refused (issue 16, item 9).

/** MunicipalityRegistered and OrganizationRegistered for each [organization, municipality] of a region. */
export function directoryOf(
  region: string,
  places: readonly (readonly [organizationId: string, municipalityId: string])[],
): EventEnvelope[] {
  const municipalities = [...new Set(places.map(([, municipalityId]) => municipalityId))];
  return [
    ...municipalities.map((municipalityId) =>
      publishedEvent(
        'catalog.MunicipalityRegistered',
        { municipalityId, region },
        { subject: `municipality-${municipalityId}` },
      ),
    ),
    ...places.map(([organizationId, municipalityId]) =>
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId, municipalityId, region },
        { subject: `organization-${organizationId}` },
      ),
    ),
  ];
}

/**
 * Puts the places on the stack's catalog topic and waits until the service's replica of the
 * directory holds every organization of them.
 */
export async function registerInDirectory(
  app: INestApplicationContext,
  region: string,
  places: readonly (readonly [organizationId: string, municipalityId: string])[],
  brokers: string[] = serverEndpoints().kafkaBrokers,
): Promise<void> {
  const bus = new KafkaMessageBus({ clientId: 'directory-fixture', brokers, logLevel: logLevel.NOTHING });
  try {
    await bus.publish(publicTopic('catalog'), directoryOf(region, places).map(toMessage));
  } finally {
    await bus.close();
  }
  const replica = app.get<ReadModelOf<typeof teacherDirectory>>(readModelToken(teacherDirectory));
  await until(
    async () =>
      (
        await Promise.all(
          places.map(([organizationId]) =>
            replica.collection('teacher_organizations').findById(organizationId),
          ),
        )
      ).every((found) => found !== null),
    'the directory replica to hold the test’s schools',
    { timeoutMs: 60_000 },
  );
}
