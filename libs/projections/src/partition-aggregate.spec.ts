import type { EventEnvelope } from '@pk/contracts';
import { foldPartition, heldFrom, type PartitionAggregate } from './partition-aggregate';

// A count of members per team, over many streams (each event says which team a member is in now):
// the shape of a per-partition aggregate, without any service's events.
type Moved = EventEnvelope & { type: 'test.Moved'; data: { member: string; team: string | null } };
type State = { members: Record<string, [position: number, team: string | null]> };

const teams: PartitionAggregate<Moved, State, 'teams' | 'partitions'> = {
  stateCollection: 'partitions',
  initial: () => ({ members: {} }),
  apply(state, event) {
    const before = state.members[event.data.member];
    if (before && before[0] >= event.streamPosition) return;
    state.members[event.data.member] = [event.streamPosition, event.data.team];
  },
  documents(state) {
    const counts = new Map<string, number>();
    for (const [, team] of Object.values(state.members))
      if (team) counts.set(team, (counts.get(team) ?? 0) + 1);
    return [...counts].map(([team, members]) => ({
      collection: 'teams' as const,
      id: team,
      set: { team, members },
    }));
  },
};

const moved = (member: string, position: number, team: string | null) =>
  ({ type: 'test.Moved', streamPosition: position, data: { member, team } }) as Moved;
const at = (offset: number, event: Moved | undefined) => ({ offset, event });
const KEY = 'topic/3';

describe('a count kept per partition (foldPartition)', () => {
  it('writes the documents that changed at the partition’s offset, then the state; the ids carry the partition', () => {
    const first = foldPartition(teams, KEY, heldFrom(teams, KEY, null), [
      at(0, moved('a', 0, 'red')),
      at(1, undefined), // a message the projection passes over still moves the partition on
      at(2, moved('b', 0, 'red')),
    ]);
    expect(first.changes).toEqual([
      { collection: 'teams', id: 'topic/3:red', position: 2, set: { team: 'red', members: 2 } },
      { collection: 'partitions', id: KEY, position: 2, set: { state: expect.any(String) } },
    ]);
    // b moves to blue: red shrinks, blue appears; a document no longer added up to is emptied
    const second = foldPartition(teams, KEY, first.held, [
      at(3, moved('b', 1, 'blue')),
      at(4, moved('a', 1, null)),
    ]);
    expect(second.changes.filter((c) => c.collection === 'teams')).toEqual([
      { collection: 'teams', id: 'topic/3:blue', position: 4, set: { team: 'blue', members: 1 } },
      { collection: 'teams', id: 'topic/3:red', position: 4, set: { team: null, members: null } },
    ]);
  });

  it('skips a redelivery at offsets it folded, and writes nothing for events that change nothing', () => {
    const first = foldPartition(teams, KEY, heldFrom(teams, KEY, null), [at(0, moved('a', 0, 'red'))]);
    expect(foldPartition(teams, KEY, first.held, [at(0, moved('a', 0, 'red'))]).changes).toEqual([]);
    // the relay published the event again, at a later offset: the stream position tells it apart
    const again = foldPartition(teams, KEY, first.held, [at(1, moved('a', 0, 'red'))]);
    expect(again.changes).toEqual([]);
    expect(again.held.position).toBe(1);
    // and the held state is never changed in place: a failed write folds again from it
    foldPartition(teams, KEY, first.held, [at(1, moved('a', 1, 'blue'))]);
    expect(first.held.state).toEqual({ members: { a: [0, 'red'] } });
  });

  it('goes on from the stored state as if it had never stopped (a restart or another replica)', () => {
    const events = [at(0, moved('a', 0, 'red')), at(1, moved('b', 0, 'red')), at(2, moved('a', 1, 'blue'))];
    const straight = foldPartition(teams, KEY, heldFrom(teams, KEY, null), events);
    const before = foldPartition(teams, KEY, heldFrom(teams, KEY, null), events.slice(0, 2));
    const stored = before.changes.find((c) => c.collection === 'partitions')!;
    const restarted = heldFrom(teams, KEY, {
      _position: stored.position,
      state: stored.set['state'] as string,
    });
    // Kafka redelivers from the last committed offset: 1 again, then 2
    const after = foldPartition(teams, KEY, restarted, events.slice(1));
    expect(after.held).toEqual(straight.held);
    expect(after.changes).toEqual([
      { collection: 'teams', id: 'topic/3:blue', position: 2, set: { team: 'blue', members: 1 } },
      { collection: 'teams', id: 'topic/3:red', position: 2, set: { team: 'red', members: 1 } },
      { collection: 'partitions', id: KEY, position: 2, set: { state: expect.any(String) } },
    ]);
  });
});
