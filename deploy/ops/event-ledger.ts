import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { BOUNDED_CONTEXTS, type BoundedContext, isPublicEventType, publicTopic } from '@pk/contracts';

/** A type the contracts do not publish is a service's private one (its private-events.ts): stored only. */
const isPrivateType = (type: string) => !isPublicEventType(type);

/** One event as a store or a topic holds it: its id and type. */
export interface LedgerEntry {
  readonly id: string;
  readonly type: string;
}

/** Per event type: what the store holds against what its topic carries. */
export interface TypeBalance {
  readonly type: string;
  readonly stored: number;
  readonly storedDistinct: number;
  /** Messages on the topic of this type, and their distinct event ids. */
  readonly published: number;
  readonly publishedDistinct: number;
  /** Public events stored and never published: lost on the way. */
  readonly unpublished: number;
  /** Events on the topic that no store holds. */
  readonly strangers: number;
  /** Messages beyond the first of an event id: the relay sent it again (at least once). */
  readonly publishedTwice: number;
  readonly private: boolean;
}

/**
 * Every type of a context's store and topic, balanced: a public event is stored once and published
 * at least once; a private one is never published.
 */
export function balance(
  stored: readonly LedgerEntry[],
  published: readonly LedgerEntry[],
  isPrivate: (type: string) => boolean = isPrivateType,
): TypeBalance[] {
  const types = new Set([...stored, ...published].map((e) => e.type));
  const publishedIds = new Set(published.map((e) => e.id));
  const storedIds = new Set(stored.map((e) => e.id));
  return [...types].sort().map((type) => {
    const mine = stored.filter((e) => e.type === type);
    const sent = published.filter((e) => e.type === type);
    const sentDistinct = new Set(sent.map((e) => e.id));
    const storedOnly = isPrivate(type);
    return {
      type,
      stored: mine.length,
      storedDistinct: new Set(mine.map((e) => e.id)).size,
      published: sent.length,
      publishedDistinct: sentDistinct.size,
      unpublished: storedOnly ? 0 : mine.filter((e) => !publishedIds.has(e.id)).length,
      strangers: [...sentDistinct].filter((id) => !storedIds.has(id)).length,
      publishedTwice: sent.length - sentDistinct.size,
      private: storedOnly,
    };
  });
}

/** What is wrong in a balance: a lost, doubled or leaked event; empty when it holds. */
export function imbalances(rows: readonly TypeBalance[]): string[] {
  const problems: string[] = [];
  for (const row of rows) {
    if (row.storedDistinct !== row.stored) problems.push(`${row.type}: stored twice under one id`);
    if (row.unpublished > 0) problems.push(`${row.type}: ${row.unpublished} stored, never published`);
    if (row.strangers > 0) problems.push(`${row.type}: ${row.strangers} published, stored nowhere`);
    if (row.private && row.published > 0) problems.push(`${row.type}: private, yet published`);
  }
  return problems;
}

/** Every event in each context's PostgreSQL store (schema = context), by context. */
export async function storedEvents(databaseUrl: string): Promise<Map<BoundedContext, LedgerEntry[]>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const byContext = new Map<BoundedContext, LedgerEntry[]>();
    for (const context of BOUNDED_CONTEXTS) {
      const exists = await client.query(`select to_regclass($1) as t`, [`${context}.events`]);
      if (exists.rows[0]?.t === null) {
        byContext.set(context, []);
        continue;
      }
      const { rows } = await client.query<{ id: string; type: string }>(
        `select event_id::text as id, type from ${context}.events`,
      );
      byContext.set(context, rows);
    }
    return byContext;
  } finally {
    await client.end();
  }
}

/**
 * Every message on each context's public topic, read from the beginning to the end the topic had
 * when asked (its high watermarks), by a consumer group of its own that is deleted afterwards.
 */
export async function publishedEvents(brokers: string[]): Promise<Map<BoundedContext, LedgerEntry[]>> {
  const kafka = new Kafka({ clientId: 'rolling-restart-count', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `rolling-restart-count-${randomUUID()}`;
  const byContext = new Map<BoundedContext, LedgerEntry[]>(BOUNDED_CONTEXTS.map((c) => [c, []]));
  try {
    const existing = new Set(await admin.listTopics());
    const remaining = new Map<string, bigint>(); // topic:partition → last offset still to read
    for (const context of BOUNDED_CONTEXTS) {
      const topic = publicTopic(context);
      if (!existing.has(topic)) continue;
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) remaining.set(`${topic}:${partition}`, BigInt(high) - 1n);
      }
    }
    if (remaining.size === 0) return byContext;
    const contextOf = new Map(BOUNDED_CONTEXTS.map((c) => [publicTopic(c), c]));
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({
      topics: [...new Set([...remaining.keys()].map((k) => k.split(':')[0]!))],
      fromBeginning: true,
    });
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const key = `${topic}:${partition}`;
        const last = remaining.get(key);
        if (last === undefined || BigInt(message.offset) > last) return;
        const envelope = JSON.parse(message.value?.toString('utf8') ?? '{}') as {
          id?: string;
          type?: string;
        };
        byContext.get(contextOf.get(topic)!)!.push({ id: envelope.id ?? '?', type: envelope.type ?? '?' });
        if (BigInt(message.offset) === last) {
          remaining.delete(key);
          if (remaining.size === 0) resolveDone();
        }
      },
    });
    const timeout = setTimeout(resolveDone, 120_000);
    await done;
    clearTimeout(timeout);
    await consumer.disconnect();
    if (remaining.size > 0)
      throw new Error(`topics not read to their end in 120 s: ${[...remaining.keys()].join(', ')}`);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    return byContext;
  } finally {
    await admin.disconnect();
  }
}
