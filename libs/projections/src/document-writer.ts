import type { Collection } from 'mongoose';
import type { DocumentChange } from './projection';

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
 */
export class DocumentWriter {
  private readonly known = new Map<string, Map<string, number>>();

  constructor(
    private readonly collectionOf: (collection: string) => Collection,
    private readonly remember = 1_000_000,
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
    await guardedUpdate(collection, [...later, ...raced]);
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
 * Updates a document only if it holds an earlier position. The filter matches no document when it
 * is absent (the upsert inserts it) or already at the same or a later position (the upsert then
 * fails on the duplicate _id, which is ignored). A plain _id filter, not $or, keeps FerretDB on
 * its primary key.
 */
async function guardedUpdate(collection: Collection, changes: DocumentChange[]): Promise<void> {
  if (changes.length === 0) return;
  try {
    await collection.bulkWrite(
      changes.map((c) => ({
        updateOne: {
          filter: { _id: c.id, _position: { $lt: c.position } } as never,
          update: { $set: { ...c.set, _position: c.position } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  } catch (error) {
    const failed = writeErrorsOf(error);
    if (failed.length === 0 || failed.some((e) => e.code !== 11000)) throw error;
  }
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
