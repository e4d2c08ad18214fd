// A partner system's subscriber to the ПК platform's enrollment events: it credits each teacher's
// completed courses and hours, exactly once per completion, from pk.enrollment.events.v1.
// Written from the public contract alone (contracts/schemas, contracts/asyncapi.yaml): copy this
// folder and those schemas, and it needs nothing of the platform. See README.md beside it.
//
//   node subscriber-example/subscriber.mjs
//
// Settings (environment): KAFKA_BROKERS, DATABASE_URL, GROUP_ID, START_AT, TOPIC, STATE_SCHEMA,
// SCHEMAS_DIR, SESSION_TIMEOUT_MS; the defaults fit the platform's local stack (npm start).
import kafkajs from 'kafkajs';
import { loadContract } from './lib/contract.mjs';
import { settingsFrom } from './lib/settings.mjs';
import { openState } from './lib/state.mjs';

const { Kafka, logLevel } = kafkajs;
const settings = settingsFrom(process.env);

const log = (line) => console.log(`[subscriber] ${line}`);

const contract = loadContract(settings.schemasDir);
const state = await openState(settings.databaseUrl, settings.stateSchema);
const kafka = new Kafka({
  clientId: 'partner-enrollment-subscriber',
  brokers: settings.brokers,
  logLevel: logLevel.WARN,
});

await prepareStart();
const consumer = kafka.consumer({
  groupId: settings.groupId,
  sessionTimeout: settings.sessionTimeoutMs,
  heartbeatInterval: Math.max(500, Math.floor(settings.sessionTimeoutMs / 10)),
});
await consumer.connect();
// fromBeginning applies only to partitions the group has no committed offset for
await consumer.subscribe({ topics: [settings.topic], fromBeginning: settings.startAt !== 'latest' });
log(`reading ${settings.topic} as group ${settings.groupId} (a new group starts at: ${settings.startAt})`);

await consumer.run({
  // The offset is committed by hand, after the message's effect is stored: a crash in between
  // redelivers the message, and the applied-events table turns that into a duplicate it drops.
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }) => {
    await handle(topic, partition, message);
    await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
  },
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    log(`${signal}: stopping`);
    await consumer.disconnect();
    await state.close();
    process.exit(0);
  });
}

/** Stores what one message means for this subscriber; throws (and is redelivered) if it cannot. */
async function handle(topic, partition, message) {
  const decision = contract.decide(message.value ?? '');
  const where = `${topic}[${partition}]@${message.offset}`;
  switch (decision.action) {
    case 'apply': {
      const { id, data } = decision.envelope;
      const outcome = await state.applyCompletion(decision.envelope);
      log(
        outcome === 'applied'
          ? `applied ${id}: teacher ${data.teacherId} completed ${data.hours} h (${data.certificateNumber})`
          : `duplicate ${id} dropped (${where})`,
      );
      return;
    }
    case 'set-aside': {
      const envelope = decision.envelope;
      await state.setAside({
        topic,
        partition,
        offset: message.offset,
        reason: decision.reason,
        envelope,
        value: message.value?.toString() ?? null,
      });
      log(`set aside ${envelope?.id ?? 'a message'} (${where}): ${decision.reason}`);
      return;
    }
    case 'skip':
      if (decision.log) log(`skipped ${decision.envelope.id} (${where}): ${decision.reason}`);
      return;
  }
}

/**
 * A new group told to start at a time: its offsets are set to the first event at or after that
 * time before it joins (Kafka finds them by the messages' timestamps).
 */
async function prepareStart() {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopic(admin);
    if (settings.startAt === 'beginning' || settings.startAt === 'latest') return;
    const at = Date.parse(settings.startAt);
    if (Number.isNaN(at))
      throw new Error(`START_AT "${settings.startAt}": beginning, latest or an ISO 8601 time`);
    const [committed] = await admin.fetchOffsets({ groupId: settings.groupId, topics: [settings.topic] });
    if (committed.partitions.some(({ offset }) => offset !== '-1')) return; // an existing group resumes
    const partitions = await admin.fetchTopicOffsetsByTimestamp(settings.topic, at);
    await admin.setOffsets({ groupId: settings.groupId, topic: settings.topic, partitions });
    log(`new group ${settings.groupId} starts at ${new Date(at).toISOString()}`);
  } finally {
    await admin.disconnect();
  }
}

/** Creates the topic as the platform would (6 partitions, kept for good) when the subscriber comes first. */
async function ensureTopic(admin) {
  if ((await admin.listTopics()).includes(settings.topic)) return;
  await admin
    .createTopics({
      topics: [
        {
          topic: settings.topic,
          numPartitions: settings.partitions,
          configEntries: [
            { name: 'retention.ms', value: '-1' },
            { name: 'retention.bytes', value: '-1' },
          ],
        },
      ],
    })
    .catch((error) => {
      // the platform's relay created it meanwhile: what we wanted
      if (!/already exists/i.test(String(error?.message))) throw error;
    });
}
