import { Kafka, logLevel } from 'kafkajs';
import { serverEndpoints, uniqueName } from './index';

// Proves the broker is real and usable from Node: a topic made through the admin API with
// explicit partitions and retention, a keyed message with headers produced idempotently, and
// the same message consumed back by a consumer group.
describe('Kafka (integration)', () => {
  const kafka = new Kafka({
    clientId: 'test-kit',
    brokers: serverEndpoints().kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const topic = uniqueName('pk.test-kit.kafka');

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates a topic, produces and consumes a keyed message with headers', async () => {
    const created = await admin.createTopics({
      topics: [
        {
          topic,
          numPartitions: 3,
          replicationFactor: 1,
          configEntries: [{ name: 'retention.ms', value: '-1' }],
        },
      ],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(metadata?.partitions).toHaveLength(3);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const [ack] = await producer.send({
      topic,
      acks: -1,
      messages: [
        { key: 'voucher-42', value: JSON.stringify({ hours: 36 }), headers: { 'ce-type': 'VoucherIssued' } },
      ],
    });
    await producer.disconnect();
    expect(ack?.errorCode).toBe(0);

    const consumer = kafka.consumer({ groupId: uniqueName('test-kit') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; value: string; type: string; partition: number }>(
      (resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message consumed within 30s')), 30_000);
        void consumer.run({
          eachMessage: async ({ message, partition }) => {
            clearTimeout(timer);
            resolve({
              key: message.key!.toString(),
              value: message.value!.toString(),
              type: message.headers!['ce-type']!.toString(),
              partition,
            });
          },
        });
      },
    );
    await consumer.disconnect();

    expect(received).toMatchObject({ key: 'voucher-42', value: '{"hours":36}', type: 'VoucherIssued' });
    expect(received.partition).toBe(ack?.partition);
  });
});
