import { currentLogContext, type LogContext, type MessageBus, type SubscriptionSpec } from '@pk/kernel';
import { publishedEvent } from '@pk/test-kit';
import { EventTransport } from './event-transport';

// What a reaction logs while it handles an event names the event's path: its correlation id, the
// event as the cause, the actor who caused it, its stream and type. A bus that hands the transport
// one message stands in for Kafka (the transport on Kafka: service-kit.int.spec.ts).
describe('the reactions transport and the log context', () => {
  it('given a public event delivered, when its reaction runs, then the log context is the event’s path', async () => {
    let spec: SubscriptionSpec | undefined;
    const bus = {
      subscribe: async (given: SubscriptionSpec) => {
        spec = given;
        return { close: async () => undefined } as never;
      },
    } as unknown as MessageBus;
    const transport = new EventTransport({ service: 'expertise', bus });
    let seen: LogContext = {};
    transport.addHandler(
      'catalog.ProgramSubmitted',
      async () => {
        seen = currentLogContext();
      },
      true,
    );
    await new Promise<void>((resolve, reject) =>
      transport.listen((error) => (error ? reject(error as Error) : resolve())),
    );
    const event = publishedEvent('catalog.ProgramSubmitted', {}, { subject: 'program-42' });
    await spec!.handle([
      {
        topic: 'pk.catalog.events',
        partition: 0,
        offset: '0',
        key: event.subject,
        value: JSON.stringify(event),
        headers: {},
      },
    ]);
    expect(seen).toEqual({
      correlationId: event.correlationId,
      causationId: event.id,
      actor: event.actor.id,
      stream: 'program-42',
      event: 'catalog.ProgramSubmitted',
    });
  });
});
