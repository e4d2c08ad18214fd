import { randomUUID } from 'node:crypto';
import { goldenExample, type PublicEvent, type PublicEventType } from '@pk/contracts';

type EventOf<TType extends PublicEventType> = Extract<PublicEvent, { type: TType }>;

/**
 * A published event of a type, built from its golden example with a fresh id: `data` overrides the
 * example's fields, `at` places it in its stream (`subject`, `streamPosition`) and in time. What a
 * topic would carry, for specs of projections and reactions.
 */
export function publishedEvent<TType extends PublicEventType>(
  type: TType,
  data: Partial<EventOf<TType>['data']> = {},
  at: { readonly subject?: string; readonly position?: number; readonly time?: string } = {},
): EventOf<TType> {
  const example = goldenExample(type);
  const position = at.position ?? 0;
  return {
    ...example,
    id: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    data: { ...example.data, ...data },
    subject: at.subject ?? example.subject,
    streamPosition: position,
    globalPosition: `1/${position + 1}`,
    time: at.time ?? example.time,
  } as EventOf<TType>;
}
