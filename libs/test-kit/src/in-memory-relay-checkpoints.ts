import type { ParkedEvent, RelayCheckpoints, RelayLease } from '@pk/kernel';

/** Relay checkpoints in memory, one leader at a time: for relay specs that do not test PostgreSQL. */
export class InMemoryRelayCheckpoints implements RelayCheckpoints {
  readonly positions = new Map<string, string>();
  readonly parkedEvents = new Map<string, ParkedEvent[]>();
  private readonly leaders = new Set<string>();

  async load(relay: string): Promise<string | null> {
    return this.positions.get(relay) ?? null;
  }

  async parked(relay: string): Promise<{ count: number; last: ParkedEvent | null }> {
    const list = this.parkedEvents.get(relay) ?? [];
    return { count: list.length, last: list[list.length - 1] ?? null };
  }

  async lead(relay: string, signal: AbortSignal): Promise<RelayLease | null> {
    while (this.leaders.has(relay)) {
      if (signal.aborted) return null;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.leaders.add(relay);
    return {
      save: async (position) => void this.positions.set(relay, position),
      park: async (event) => {
        const list = this.parkedEvents.get(relay) ?? [];
        if (!list.some((p) => p.eventId === event.eventId)) this.parkedEvents.set(relay, [...list, event]);
      },
      release: async () => void this.leaders.delete(relay),
    };
  }
}
