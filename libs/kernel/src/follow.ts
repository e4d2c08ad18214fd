import type { EventEnvelope } from '@pk/contracts';
import type { EventStore } from './event-store';

export interface Following {
  /** Stops after the batch in hand is handled; resolves when the loop has ended. */
  stop(): Promise<void>;
  /** Rejects if the handler or the store failed for good. */
  readonly done: Promise<void>;
}

export interface FollowOptions {
  readonly batchSize?: number;
  /** Pause when caught up; the next poll comes sooner while events keep arriving. */
  readonly idleMs?: number;
}

/**
 * Follows the store's global log from a checkpoint: reads a batch, hands it to the handler,
 * moves on only when the handler resolved. The handler stores its own checkpoint (the last
 * event's globalPosition) so a restart resumes where the last acknowledged batch ended.
 */
export function followGlobalLog(
  store: EventStore,
  from: string | null,
  handle: (batch: EventEnvelope[]) => Promise<void>,
  options: FollowOptions = {},
): Following {
  const batchSize = options.batchSize ?? 500;
  const idleMs = options.idleMs ?? 100;
  let stopping = false;
  let wake: (() => void) | undefined;

  const loop = async () => {
    let checkpoint = from;
    while (!stopping) {
      const batch = await store.readAll(checkpoint, batchSize);
      if (batch.length > 0) {
        await handle(batch);
        checkpoint = batch[batch.length - 1]!.globalPosition;
      }
      if (batch.length < batchSize && !stopping) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, idleMs);
        });
      }
    }
  };
  const done = loop();
  return {
    done,
    async stop() {
      stopping = true;
      wake?.();
      await done.catch(() => undefined);
    },
  };
}
