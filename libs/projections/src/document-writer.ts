import type { Model } from 'mongoose';
import type { DocumentChange } from './projection';

/**
 * Writes a batch of changes, one write per document. A document's changes are folded in
 * stream-position order, keeping only those later than what it already holds, whatever order a
 * redelivery brought them in. New documents are inserted in bulk (a rebuild is almost all
 * inserts); existing ones get a position-guarded update.
 */
export async function writeChanges(
  changes: readonly DocumentChange[],
  modelOf: (collection: string) => Model<Record<string, unknown>>,
): Promise<void> {
  const byCollection = new Map<string, DocumentChange[]>();
  for (const change of changes) {
    byCollection.set(change.collection, [...(byCollection.get(change.collection) ?? []), change]);
  }
  for (const [collection, list] of byCollection) {
    const model = modelOf(collection);
    const held = new Map(
      (await model.find({ _id: { $in: [...new Set(list.map((c) => c.id))] } }, { _position: 1 }).lean()).map(
        (d) => [String(d._id), Number(d['_position'] ?? -1)],
      ),
    );
    const folded = new Map<string, DocumentChange>();
    for (const change of [...list].sort((a, b) => a.position - b.position)) {
      if (change.position <= (held.get(change.id) ?? -1)) continue;
      const before = folded.get(change.id);
      folded.set(change.id, before ? { ...change, set: { ...before.set, ...change.set } } : change);
    }
    const fresh = [...folded.values()].filter((c) => !held.has(c.id));
    const later = [...folded.values()].filter((c) => held.has(c.id));
    let raced: DocumentChange[] = [];
    try {
      if (fresh.length > 0)
        await model.insertMany(
          fresh.map((c) => ({ ...c.set, _id: c.id, _position: c.position })),
          { ordered: false, throwOnValidationError: true },
        );
    } catch (error) {
      // Another writer inserted some meanwhile: those go the guarded way.
      if (!isOnlyDuplicateKeys(error)) throw error;
      raced = fresh;
    }
    await guardedUpdate(model, [...later, ...raced]);
  }
}

/**
 * Updates a document only if it holds an earlier position. The filter matches no document when it
 * is absent (the upsert inserts it) or already at the same or a later position (the upsert then
 * fails on the duplicate _id, which is ignored). A plain _id filter, not $or, keeps FerretDB on
 * its primary key.
 */
async function guardedUpdate(
  model: Model<Record<string, unknown>>,
  changes: DocumentChange[],
): Promise<void> {
  if (changes.length === 0) return;
  try {
    await model.bulkWrite(
      changes.map((c) => ({
        updateOne: {
          filter: { _id: c.id, _position: { $lt: c.position } },
          update: { $set: { ...c.set, _position: c.position } },
          upsert: true,
        },
      })),
      { ordered: false, throwOnValidationError: true },
    );
  } catch (error) {
    if (!isOnlyDuplicateKeys(error)) throw error;
  }
}

function isOnlyDuplicateKeys(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.length > 0 && list.every((e) => (e.code ?? e.err?.code) === 11000);
}
