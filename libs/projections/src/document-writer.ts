import type { Collection } from 'mongoose';
import pLimit from 'p-limit';
import type { DocumentChange } from './projection';

/**
 * How many guarded updates one connection to the read store has in flight at most (shared by every
 * writer on it: a service's runners, generations and partitions). FerretDB 1.24 keeps one pooled
 * PostgreSQL connection open for each update statement it has read until the whole command answers,
 * and needs one more for each statement's write: a command of 50 updates against its default pool of
 * 50 waits forever for a connection it holds itself, and so does every other client after it. Each
 * update is therefore its own command here, and a store's pool can only run dry when the updates in
 * flight from all its clients reach its size: 8 per service process keeps the stack's four
 * read-model services at 32, under FerretDB's default of 50 and far under the 100 the local stack
 * configures (docs/read-models.md). Measured on FerretDB, 8 to 16 in flight write about as fast as one
 * command of 48 (the server runs a command's statements one after another).
 */
export const UPDATES_IN_FLIGHT = 8;

/**
 * Writes a generation's changes, one write per document, and never reads anything back.
 *
 * It remembers the position each document it wrote holds (`known`). A change at or before that
 * position is dropped at once; a document it never wrote is inserted (in bulk: a rebuild into empty
 * collections is all inserts); one it wrote before gets an update guarded by position, so a change
 * never overwrites a later one whatever order a redelivery brought. What it remembers is a hint, not
 * the truth: another replica may have written a document after a rebalance, in which case the
 * insert meets the duplicate key and the change goes the guarded way. So the cost of an event does
 * not depend on how many documents the collections hold — no per-batch read — on MongoDB, and on
 * FerretDB too for everything but the update itself (see docs/read-models.md).
 *
 * Memory is bounded: past `remember` documents per collection the least recently written are
 * forgotten, which costs a failed insert and a guarded update the next time one of them changes.
 *
 * Guarded updates go one document per command, at most `updates` allows at once (UPDATES_IN_FLIGHT
 * unless the caller shares a limit between writers): never a batch a store can deadlock on, and a
 * refused guard costs its own document only — FerretDB abandons the rest of a command at the first
 * duplicate key, which would lose the updates behind it.
 */
export class DocumentWriter {
  private readonly known = new Map<string, Map<string, number>>();

  constructor(
    private readonly collectionOf: (collection: string) => Collection,
    private readonly remember = 1_000_000,
    private readonly updates: pLimit.Limit = pLimit(UPDATES_IN_FLIGHT),
  ) {}

  /** How many documents it knows the position of (its memory bound is tested by it). */
  get size(): number {
    return [...this.known.values()].reduce((sum, positions) => sum + positions.size, 0);
  }

  async write(changes: readonly DocumentChange[]): Promise<void> {
    const byCollection = new Map<string, DocumentChange[]>();
    for (const change of changes) {
      const list = byCollection.get(change.collection);
      if (list) list.push(change);
      else byCollection.set(change.collection, [change]);
    }
    for (const [collection, list] of byCollection) await this.writeCollection(collection, list);
  }

  private async writeCollection(name: string, changes: DocumentChange[]): Promise<void> {
    let known = this.known.get(name);
    if (!known) this.known.set(name, (known = new Map()));
    // One change per document: its changes folded in position order, skipping what it already holds.
    const folded = new Map<string, DocumentChange>();
    for (const change of [...changes].sort((a, b) => a.position - b.position)) {
      if (change.position <= (known.get(change.id) ?? -1)) continue;
      const before = folded.get(change.id);
      folded.set(change.id, before ? { ...change, set: { ...before.set, ...change.set } } : change);
    }
    const fresh: DocumentChange[] = [];
    const later: DocumentChange[] = [];
    for (const change of folded.values()) (known.has(change.id) ? later : fresh).push(change);
    const collection = this.collectionOf(name);
    const raced = await insertNew(collection, fresh);
    await guardedUpdates(collection, [...later, ...raced], this.updates);
    for (const change of folded.values()) {
      // after a guarded update the document holds this position or a later one: a safe lower bound
      const position = Math.max(change.position, known.get(change.id) ?? -1);
      known.delete(change.id); // re-inserted last: a Map keeps insertion order, oldest first
      known.set(change.id, position);
    }
    for (const id of known.keys()) {
      if (known.size <= this.remember) break;
      known.delete(id);
    }
  }
}

/** Inserts documents it never wrote; returns those that exist already (written by another replica). */
async function insertNew(collection: Collection, changes: DocumentChange[]): Promise<DocumentChange[]> {
  if (changes.length === 0) return [];
  try {
    await collection.insertMany(
      changes.map((c) => ({ ...c.set, _id: c.id, _position: c.position }) as never),
      { ordered: false },
    );
    return [];
  } catch (error) {
    const failed = writeErrorsOf(error);
    if (failed.length === 0 || failed.some((e) => e.code !== 11000)) throw error;
    return failed.map((e) => changes[e.index]!);
  }
}

/**
 * Updates each document only if it holds an earlier position, one command per document. The filter
 * matches no document when it is absent (the upsert inserts it) or already at the same or a later
 * position (the upsert then fails on the duplicate _id, which is ignored). A plain _id filter, not
 * $or, keeps FerretDB on its primary key. Every update is settled before the first failure is
 * thrown, so a retry of the batch never overlaps this one.
 */
async function guardedUpdates(collection: Collection, changes: DocumentChange[], updates: pLimit.Limit) {
  const settled = await Promise.allSettled(
    changes.map((c) =>
      updates(() =>
        collection.updateOne(
          { _id: c.id, _position: { $lt: c.position } } as never,
          { $set: { ...c.set, _position: c.position } },
          { upsert: true },
        ),
      ),
    ),
  );
  const failed = settled.find(
    (r): r is PromiseRejectedResult =>
      r.status === 'rejected' && (r.reason as { code?: unknown } | null)?.code !== 11000,
  );
  if (failed) throw failed.reason;
}

function writeErrorsOf(error: unknown): { index: number; code: number | undefined }[] {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as {
    index?: number;
    code?: number;
    err?: { index?: number; code?: number };
  }[];
  return list.map((e) => ({ index: e.index ?? e.err?.index ?? -1, code: e.code ?? e.err?.code }));
}

/** Documents a rebuild keeps in memory at most before it writes them and goes on as the live writer. */
export const STAGED_DOCUMENTS = 200_000;

/** Documents per insert when a rebuild's staged documents are written: the size raw `insertMany` is measured at. */
const STAGED_INSERT = 1_000;

/**
 * A rebuild's writer. A generation being rebuilt serves no reads until the swap, and a rebuild that
 * dies starts again from zero with a fresh consumer group (ProjectionRunner), so nothing depends on
 * what it wrote before the swap. It therefore folds every change into the document it ends up as,
 * in memory, and writes each document once, by plain inserts, when the rebuild has caught up
 * (`flush`, before the swap): a register whose programs each went through drafting, review and
 * approval costs one insert per program instead of an insert and seven guarded updates, which on
 * FerretDB are a read and a write each. Past `limit` documents it writes what it holds and goes on
 * as the live writer does, so memory stays bounded whatever the read model's size.
 */
export class StagedDocumentWriter {
  private staged: Map<string, Map<string, DocumentChange>> | undefined = new Map();
  private count = 0;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly direct: DocumentWriter,
    private readonly limit = STAGED_DOCUMENTS,
  ) {}

  /** Whether it still holds everything in memory (nothing written to the store yet). */
  get staging(): boolean {
    return this.staged !== undefined && this.flushing === undefined;
  }

  /** Documents held in memory, not yet written. */
  get size(): number {
    return this.count;
  }

  async write(changes: readonly DocumentChange[]): Promise<void> {
    const staged = this.staged;
    if (!staged) {
      // during and after the flush: as the live writer, once the staged documents are in the store
      // (a failed flush stages them again, and this change with them)
      await this.flushing?.catch(() => undefined);
      if (this.staged) return this.write(changes);
      return this.direct.write(changes);
    }
    for (const change of changes) {
      let documents = staged.get(change.collection);
      if (!documents) staged.set(change.collection, (documents = new Map()));
      const before = documents.get(change.id);
      if (!before) {
        documents.set(change.id, change);
        this.count += 1;
      } else if (change.position > before.position) {
        documents.set(change.id, { ...change, set: { ...before.set, ...change.set } });
      } else if (change.position < before.position) {
        // a redelivered or reordered earlier change: what it sets and the later one does not, it keeps
        documents.set(change.id, { ...before, set: { ...change.set, ...before.set } });
      }
    }
    if (this.count > this.limit) await this.flush();
  }

  /**
   * Writes every staged document (inserts, 1 000 a command) and switches to writing through at
   * once; later writes wait for it. Called once the rebuild has caught up, before the swap.
   */
  flush(): Promise<void> {
    const staged = this.staged;
    if (!staged) return this.flushing ?? Promise.resolve();
    this.staged = undefined;
    const count = this.count;
    this.count = 0;
    this.flushing = (async () => {
      try {
        for (const documents of staged.values()) {
          const all = [...documents.values()];
          for (let i = 0; i < all.length; i += STAGED_INSERT)
            await this.direct.write(all.slice(i, i + STAGED_INSERT));
        }
      } catch (error) {
        // the store failed part-way: everything stays staged for the next flush, which writes what
        // went in already again harmlessly (the duplicate insert turns into an update the position refuses)
        this.staged = staged;
        this.count = count;
        throw error;
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }
}
