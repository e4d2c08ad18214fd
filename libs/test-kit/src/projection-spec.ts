import { type EventEnvelope, readPublishedEvent } from '@pk/contracts';
import {
  type Collections,
  InMemoryReadModel,
  InMemoryTopics,
  type ProjectionDefinition,
} from '@pk/projections';

type Documents = Record<string, unknown>[];

/**
 * Given/when/then for projections, in jest specs:
 *
 *   projectionSpec(register).given([drafted, submitted]).then('programs', [{ _id, status: 'submitted', … }]);
 *
 * The events are applied as the runner applies published events: types the projection does not read
 * are passed over, the others are checked against their contract and upcast (so an event a spec
 * built wrong fails here as it would on the topic), and every change is guarded by the position of
 * its stream. An event given after a later one of its stream is an older event arriving late.
 * `then` compares a collection's documents exactly (ordered by `_id`, without the `_position` guard).
 * Every scenario also holds the two things delivery does to a projection:
 * `thenRedeliveryChangesNothing()` delivers every event again, the last given first — a
 * redelivery, and older events after newer ones — and expects every collection as it was.
 */
export function projectionSpec<TEvent extends EventEnvelope, TCollections extends Collections>(
  projection: ProjectionDefinition<TEvent, TCollections>,
) {
  type Collection = Extract<keyof TCollections, string>;
  const run = (events: readonly EventEnvelope[]) => {
    const model = new InMemoryReadModel(projection, {
      topics: new InMemoryTopics(),
      readEvent: readPublishedEvent,
    });
    model.apply(events);
    return model;
  };
  const documentsOf = (model: InMemoryReadModel<TEvent, TCollections>, collection: Collection): Documents =>
    model.snapshot(collection).map(({ _position: _, ...document }) => document);
  const everything = (model: InMemoryReadModel<TEvent, TCollections>) =>
    Object.fromEntries(Object.keys(projection.collections).map((c) => [c, model.snapshot(c as Collection)]));

  return {
    given(events: readonly EventEnvelope[]) {
      const model = run(events);
      const scenario = {
        /** The collection's documents, ordered by `_id`, without `_position`. */
        documents: (collection: Collection): Documents => documentsOf(model, collection),
        then(collection: Collection, expected: Documents) {
          expect(documentsOf(model, collection)).toEqual(expected);
          return scenario;
        },
        /** One document, compared with `toMatchObject` (the fields given). */
        thenDocument(collection: Collection, id: string, expected: Record<string, unknown>) {
          const found = documentsOf(model, collection).find((document) => document['_id'] === id);
          expect(found).toMatchObject(expected);
          return scenario;
        },
        thenRedeliveryChangesNothing() {
          const replayed = run(events);
          replayed.apply([...events].reverse());
          expect(everything(replayed)).toEqual(everything(model));
          return scenario;
        },
      };
      return scenario;
    },
  };
}
