import type { Actor } from '@pk/contracts';
import type { Connection, Model, mongo } from 'mongoose';
import type { Collections } from './projection';

/** Which generation of a projection serves reads, and who rebuilt it when: one document per projection. */
export interface ProjectionState {
  _id: string;
  active: number;
  /**
   * Consumer group of the active generation: its committed offsets are the checkpoint (absent in
   * state written before groups were recorded: then the generation's default group).
   */
  group?: string;
  /** Every rebuild ever asked for, with who asked: the audit trail of the read model. */
  rebuilds?: { generation: number; requestedBy: Actor; requestedAt: string }[];
}

/**
 * A generation's collection, named after its projection: "catalog-register.programs_g2". Services
 * may share one read-store database, and two projections may both keep "programs": without the
 * projection's name one's rebuild dropped the other's collection.
 */
export function collectionName(projection: string, base: string, generation: number): string {
  return `${projection}.${base}_g${generation}`;
}

/** A generation's consumer group; state written before groups were recorded implies this one. */
export function defaultGroup(service: string, projection: string, generation: number): string {
  return `${service}.${projection}.g${generation}`;
}

/**
 * The collections of a projection, per generation: each generation has its own
 * ("catalog-register.programs_g2"),
 * so a rebuild fills fresh ones beside the live ones and a swap is a pointer move, no rename
 * (which FerretDB and MongoDB treat differently).
 */
export class Generations {
  constructor(
    private readonly connection: Connection,
    private readonly projection: string,
    private readonly collections: Collections,
  ) {
    // The position guard field lives in every read-model document.
    for (const schema of Object.values(collections)) {
      if (!schema.path('_position')) schema.add({ _position: Number });
    }
  }

  get state(): mongo.Collection<ProjectionState> {
    return this.connection.db!.collection<ProjectionState>('projection_state');
  }

  model(base: string, generation: number): Model<Record<string, unknown>> {
    const name = collectionName(this.projection, base, generation);
    const schema = this.collections[base];
    if (!schema) throw new Error(`projection ${this.projection} has no collection "${base}"`);
    const model = this.connection.models[name] ?? this.connection.model(name, schema, name);
    return model as unknown as Model<Record<string, unknown>>;
  }

  async ensure(generation: number): Promise<void> {
    for (const base of Object.keys(this.collections)) {
      const model = this.model(base, generation);
      await model.createCollection().catch((error: unknown) => {
        // 48 NamespaceExists: made earlier; anything else (the store is away) fails the caller
        if ((error as { code?: number }).code !== 48) throw error;
      });
      await model.createIndexes();
    }
  }

  /** Drops a generation's collections; absent ones are fine. */
  async drop(generation: number): Promise<void> {
    for (const base of Object.keys(this.collections)) {
      await this.connection
        .db!.dropCollection(collectionName(this.projection, base, generation))
        .catch(() => undefined);
    }
  }
}
