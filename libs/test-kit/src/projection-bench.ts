import { ContractViolation, type EventEnvelope, readPublishedEvent } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { logLevel } from 'kafkajs';
import type { Connection } from 'mongoose';
import { serverEndpoints } from './endpoints';
import { uniqueName } from './unique-name';

/** A service's projection on a topic of its own, under a name of its own: a bench's or spec's copy. */
export function onTopicOfItsOwn<T extends { readonly name: string }>(projection: T, topic: string): T {
  return { ...projection, name: uniqueName(projection.name), topics: [topic] };
}

/** What a ProjectionRunner of a bench needs besides its projection: the services' own reading of events. */
export function benchRunnerOptions(bus: KafkaMessageBus, connection: Connection) {
  return {
    service: 'bench',
    connection,
    bus,
    readEvent: readPublishedEvent,
    isPermanent: (error: unknown) => error instanceof ContractViolation,
  };
}

/** Publishes events to a topic a thousand at a time, as the relay does. */
export async function publishAll(
  bus: KafkaMessageBus,
  topic: string,
  events: readonly EventEnvelope[],
): Promise<void> {
  for (let i = 0; i < events.length; i += 1000)
    await bus.publish(topic, events.slice(i, i + 1000).map(toMessage));
}

/** Each query shape `samples` times in turn, after one uncounted round: the milliseconds of each. */
export async function timeShapes(
  shapes: Record<string, () => Promise<unknown>>,
  samples: number,
): Promise<Record<string, number[]>> {
  const spent: Record<string, number[]> = Object.fromEntries(Object.keys(shapes).map((name) => [name, []]));
  for (const run of Object.values(shapes)) await run();
  for (let i = 0; i < samples; i++) {
    for (const [name, run] of Object.entries(shapes)) {
      const started = performance.now();
      await run();
      spent[name]!.push(performance.now() - started);
    }
  }
  return spent;
}

/**
 * A query benchmark driver's whole process: `<size> <samples>` from the command line, the servers
 * from the environment (as `npm run bench` hands them on), and the milliseconds of each shape as JSON
 * on the last line, which deploy/bench reads.
 */
export function runQueryBench(
  measure: (
    bus: KafkaMessageBus,
    mongodbUrl: string,
    size: number,
    samples: number,
  ) => Promise<Record<string, number[]>>,
): void {
  const [size, samples] = process.argv.slice(2).map(Number);
  const { kafkaBrokers, mongodbUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({ clientId: 'bench', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  measure(bus, mongodbUrl, size!, samples!)
    .then((shapes) => console.log(JSON.stringify({ shapes })))
    .finally(() => bus.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
}
