import { BOUNDED_CONTEXTS, publicTopic } from '@pk/contracts';
import { reactionsGroupOf } from '@pk/service-runtime';
import { Kafka, logLevel } from 'kafkajs';
import { serverEndpoints } from './endpoints';

/**
 * Moves a service's reactions group to the head of every public topic, before the spec starts the
 * service. Integration specs share one stack: without this a service started late in the run would
 * first react to everything earlier specs published (a region's thousand submitted programs, say)
 * and the spec's own events would wait behind them. A spec that needs events published before its
 * service starts must not call it.
 */
export async function reactionsFromNow(service: string): Promise<void> {
  const kafka = new Kafka({
    clientId: `${service}-reactions-from-now`,
    brokers: serverEndpoints().kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of BOUNDED_CONTEXTS.map(publicTopic).filter((t) => existing.has(t))) {
      // the heads as numbers: kafkajs' resetOffsets commits the symbolic "latest" (-1), which a
      // consumer subscribed from the beginning reads as no offset at all
      const heads = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId: reactionsGroupOf(service),
        topic,
        partitions: heads.map(({ partition, high }) => ({ partition, offset: high })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
