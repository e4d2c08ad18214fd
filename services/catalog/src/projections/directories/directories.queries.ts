import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { wordsOfQuery } from '../register/register.queries';
import { type DirectoryCollection, directories } from './directories.projection';

export interface DirectorySearch {
  readonly region: string;
  /** Words of the name (each a word or the start of one), or a whole ИНН or ОКТМО. */
  readonly text?: string;
  /** Only entries in this municipality (organizations, internship sites). */
  readonly municipalityId?: string;
  /** The cursor a previous page answered as `next`. */
  readonly after?: string;
  readonly limit: number;
}

type Listed = Record<string, unknown> & { _id: string; _position: unknown; sortKey: string };

/** The cursor of keyset paging: the last entry's sort key, opaque to clients. */
export const cursorOf = (sortKey: string) => Buffer.from(sortKey, 'utf8').toString('base64url');
export const sortKeyOf = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

/** What the directories read model answers: pages of a directory and single entries. */
@Injectable()
export class DirectoryQueries {
  constructor(@InjectReadModel(directories) private readonly model: ReadModelOf<typeof directories>) {}

  /**
   * A page of a region's directory by name then id, after the cursor given: keyset paging, so a
   * page costs the same however deep, and an entry added meanwhile never shifts the pages.
   */
  async page(collection: DirectoryCollection, idField: string, search: DirectorySearch) {
    const filter: Record<string, unknown> = { region: search.region };
    if (search.municipalityId) filter.municipalityId = search.municipalityId;
    const text = search.text?.trim() ?? '';
    let others: string[] = [];
    if (/^[0-9]+$/.test(text)) {
      // a number is a key: ОКТМО for municipalities, ИНН for the rest
      filter[collection === 'municipalities' ? 'oktmo' : 'inn'] = text;
    } else if (text !== '') {
      // FerretDB pushes an equality on the word array to its index, `$all` it does not (it read the
      // whole region's directory): the longest word selects, the others are checked here
      const words = wordsOfQuery(text);
      if (words.length > 0) {
        const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
        filter.words = longest;
        others = words.filter((word) => word !== longest);
      }
    }
    if (search.after) filter.sortKey = { $gt: sortKeyOf(search.after) };
    const read = await this.model.collection(collection).find<Listed & { words?: string[] }>(filter, {
      fields: others.length > 0 ? {} : { words: 0 },
      sort: { sortKey: 1 },
      // with words checked here the limit cannot go to the store: what it cut might not match
      limit: others.length > 0 ? undefined : search.limit + 1,
    });
    const found = read
      .filter((entry) => others.every((word) => entry.words?.includes(word) ?? false))
      .slice(0, search.limit + 1)
      .map(({ words: _words, ...entry }) => entry as Listed);
    const entries = found.slice(0, search.limit);
    const last = entries[entries.length - 1];
    return {
      entries: entries.map((entry) => answerOf(entry, idField).entry),
      next: found.length > search.limit && last ? cursorOf(last.sortKey) : null,
    };
  }

  /** One entry with its version (the position of its stream's last event); undefined when unknown. */
  async entry(collection: DirectoryCollection, idField: string, id: string) {
    const found = await this.model.collection(collection).findById<Listed>(id, { words: 0 });
    return found ? answerOf(found, idField) : undefined;
  }

  /**
   * The entry of a region's directory holding this natural key (ИНН, or ОКТМО for municipalities),
   * if any: a registration of the key under another id would be a second entry of one legal entity.
   * Read as the model stands, a moment behind the events: it finds the entries registered before ids
   * were derived from keys (since then the key gives the id, and the aggregate refuses a second).
   */
  async holderOf(collection: DirectoryCollection, region: string, key: string): Promise<string | null> {
    const field = collection === 'municipalities' ? 'oktmo' : 'inn';
    const found = await this.model
      .collection(collection)
      .findOne<{ _id: string }>({ region, [field]: key }, { _id: 1 });
    return found?._id ?? null;
  }
}

function answerOf(document: Listed, idField: string) {
  const { _id, _position, sortKey: _sortKey, ...rest } = document;
  return { entry: { [idField]: _id, ...rest }, version: Number(_position) };
}
