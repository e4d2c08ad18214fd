import type { EventEnvelope } from '@pk/contracts';
import { Schema } from 'mongoose';
import { defineProjection, partitionStateSchema } from './projection';

// defineProjection: `project` may be left out of a projection whose aggregate keeps everything, and
// only then; the runners still find a `project` on every definition.

const event = { type: 'test.Counted', streamPosition: 0, data: {} } as unknown as EventEnvelope;
const collections = {
  totals: new Schema({ _id: String, count: Number }, { versionKey: false }),
  partitions: partitionStateSchema(),
};
const aggregate = {
  stateCollection: 'partitions' as const,
  initial: () => ({ count: 0 }),
  apply: (state: { count: number }) => void (state.count += 1),
  documents: (state: { count: number }) => [
    { collection: 'totals' as const, id: 'all', set: { count: state.count } },
  ],
};

describe('defineProjection', () => {
  it('gives an aggregate-only projection a project that changes no document', () => {
    const counted = defineProjection<EventEnvelope>()({
      name: 'counted',
      topics: ['pk.test.events.v1'],
      eventTypes: ['test.Counted'],
      collections,
      aggregate,
    });
    expect(counted.project(event)).toEqual([]);
    expect(counted.aggregate).toBe(aggregate);
  });

  it('keeps a projection that projects as it was declared', () => {
    const declared = {
      name: 'projected',
      topics: ['pk.test.events.v1'],
      eventTypes: ['test.Counted'],
      collections,
      project: () => [{ collection: 'totals' as const, id: 'one', position: 0, set: { count: 1 } }],
    };
    const projected = defineProjection<EventEnvelope>()(declared);
    expect(projected).toBe(declared);
    expect(projected.project(event)).toHaveLength(1);
  });

  it('refuses, at compile time, a projection with neither project nor aggregate', () => {
    const neither = () =>
      // @ts-expect-error -- a read model nothing writes
      defineProjection<EventEnvelope>()({ name: 'empty', topics: [], eventTypes: [], collections });
    expect(neither().project(event)).toEqual([]);
  });
});
