import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { reviewWaits } from '../review-waits/review-waits.projection';
import { normalise, register } from './register.projection';

/** The words of a search, as the projection keeps a title's: lower case, ё as е. */
export function wordsOfQuery(text: string | undefined): string[] {
  return (text ? normalise(text).split(/[^\p{L}\p{N}]+/u) : []).filter((w) => w.length > 0);
}

export interface RegisterSearch {
  readonly region: string;
  readonly subject?: string;
  readonly position?: string;
  readonly organizationType?: string;
  readonly competency?: string;
  readonly format?: string;
  readonly providerId?: string;
  readonly minHours?: number;
  readonly maxHours?: number;
  readonly voucherEligible?: boolean;
  /** Words of the title, each matched as a word or the start of one. */
  readonly text?: string;
  /** Where the previous page ended (`next` of its answer); the first page without it. */
  readonly cursor?: string;
  /** 1-based; a page after the first without a cursor is reached by walking the pages before it. */
  readonly page: number;
  readonly pageSize: number;
}

type ProgramDocument = Record<string, unknown> & {
  _id: string;
  region: string;
  providerId: string;
  status: string;
  approvedRevision?: number;
  updatedAt: string;
};

type ListingDocument = Record<string, unknown> & {
  _id: string;
  listed: string;
  providerId: string;
  hours: number;
  sortKey: string;
  shardKey: string;
  updatedAt: string;
};

const HIDDEN = { _position: 0, words: 0, sortKey: 0 } as const;

/**
 * A result of at most this many programs is read whole and ordered by title (exact total, pages by
 * number or cursor); a larger one is paged in shard order (see `listings`). At FerretDB's cost per
 * matched document (about 0.1 ms quiet, 0.6 ms on a loaded machine) this many cost what one
 * request may.
 */
export const TITLE_ORDER_LIMIT = 150;
/** How long a provider's name found for a page is shown without asking the store again. */
const PROVIDER_NAMES_FOR_MS = 30_000;
/** Names kept at most (a region has a few hundred providers); beyond it the memory starts over. */
const PROVIDER_NAMES_KEPT = 10_000;
/** Shard queries sent at once while walking a large result. */
const SHARDS_IN_FLIGHT = 8;

/**
 * Where a page ends: in title order (a small result, `after` a sortKey) or in shard order (a large
 * one: the resolution used, the estimated size of the result, `after` a shardKey). Sent to clients
 * as base64url JSON; they pass it back unchanged.
 */
export type RegisterCursor =
  | { readonly order: 'title'; readonly after: string }
  | {
      readonly order: 'shard';
      readonly resolution: 1 | 2 | 3;
      readonly estimate: number;
      readonly after: string;
    };

export class InvalidCursor extends Error {}

export function encodeCursor(cursor: RegisterCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): RegisterCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor(text);
  }
  const v = value as Record<string, unknown> | null;
  if (v && v['order'] === 'title' && typeof v['after'] === 'string')
    return { order: 'title', after: v['after'] };
  if (
    v &&
    v['order'] === 'shard' &&
    (v['resolution'] === 1 || v['resolution'] === 2 || v['resolution'] === 3) &&
    typeof v['estimate'] === 'number' &&
    Number.isFinite(v['estimate']) &&
    v['estimate'] >= 0 &&
    typeof v['after'] === 'string'
  )
    return { order: 'shard', resolution: v['resolution'], estimate: v['estimate'], after: v['after'] };
  throw new InvalidCursor(text);
}

/**
 * The coarsest shard resolution whose shards hold about two pages of an `estimate`-sized result:
 * one shard query (rarely two) per page, each reading a page's worth.
 */
export function resolutionFor(estimate: number, pageSize: number): 1 | 2 | 3 {
  if (estimate / 16 <= 2 * pageSize) return 1;
  if (estimate / 256 <= 2 * pageSize) return 2;
  return 3;
}

interface RegisterPage {
  readonly order: 'title' | 'shard';
  /** Exact in title order; null in shard order, where counting would read every match. */
  readonly total: number | null;
  readonly found: ListingDocument[];
  readonly next: string | null;
}

const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');

/** What the catalog's register read model answers. */
@Injectable()
export class RegisterQueries {
  private readonly providerNames = new Map<string, { readonly name: string; readonly at: number }>();

  constructor(
    @InjectReadModel(register) private readonly model: ReadModelOf<typeof register>,
    @InjectReadModel(reviewWaits) private readonly reviews: ReadModelOf<typeof reviewWaits>,
  ) {}

  /**
   * Approved programs matching every given filter, a page at a time. Every read is an AND of
   * equalities on indexed fields of `listings` (the hours range and nothing else is checked in code),
   * so a request costs what it reads: a small result (at most TITLE_ORDER_LIMIT) whole, in title
   * order with an exact total; a large one a shard or a few per page, in the stable shard order,
   * with `total` null — a count would read every match. Which of the two a search is, the first
   * page decides by probing shards from the finest up (each probe reads about 1/4096, 1/256, 1/16
   * of the result), and its cursor carries the decision to the pages after it.
   */
  async search(query: RegisterSearch) {
    const filter = this.filterOf(query);
    let page: RegisterPage;
    if (query.cursor !== undefined) {
      page = await this.page(filter, query, decodeCursor(query.cursor));
    } else {
      page = await this.page(filter, query, undefined);
      if (query.page > 1 && page.order === 'title') {
        page = await this.titlePage(filter, query, (query.page - 1) * query.pageSize, undefined);
      } else {
        // a page number in shard order: walk the pages before it, each at one page's cost
        for (let number = 2; number <= query.page; number++) {
          page =
            page.next === null
              ? { ...page, found: [] }
              : await this.page(filter, query, decodeCursor(page.next));
        }
      }
    }
    return {
      total: page.total,
      page: query.cursor === undefined ? query.page : null,
      pageSize: query.pageSize,
      order: page.order,
      next: page.next,
      // a listing's card fields pass through as the projection wrote them
      programs: (await this.withProviders(
        page.found.map(
          ({ listed, shardKey: _s, sortKey: _k, words: _w, ...rest }) =>
            ({ ...rest, region: listed, status: 'approved' }) as ProgramDocument,
        ),
      )) as (Record<string, unknown> & { programId: string; providerName: unknown })[],
    };
  }

  private filterOf(query: RegisterSearch): Record<string, unknown> {
    const filter: Record<string, unknown> = { listed: query.region };
    if (query.subject) filter['subjects'] = query.subject;
    if (query.position) filter['targetPositions'] = query.position;
    if (query.organizationType) filter['organizationTypes'] = query.organizationType;
    if (query.competency) filter['competencies'] = query.competency;
    if (query.format) filter['format'] = query.format;
    if (query.providerId) filter['providerId'] = query.providerId;
    if (query.voucherEligible !== undefined) filter['voucherEligible'] = query.voucherEligible;
    // Each title word is its own equality on the token array: FerretDB pushes an equality on an
    // array down (served by the index), `$all` it does not. Implicit AND needs distinct keys, so
    // a second word goes under `$and` — which FerretDB does not push: the longest word (the most
    // selective) is the pushed one, the rest are checked in code (see matches()).
    const words = wordsOfQuery(query.text);
    if (words.length > 0) filter['words'] = words.reduce((a, b) => (b.length > a.length ? b : a));
    return filter;
  }

  /** What FerretDB's pushed equalities cannot say: the hours range and the other title words. */
  private matches(query: RegisterSearch) {
    const words = wordsOfQuery(query.text);
    return (listing: ListingDocument) =>
      (query.minHours === undefined || listing.hours >= query.minHours) &&
      (query.maxHours === undefined || listing.hours <= query.maxHours) &&
      words.every((word) => (listing['words'] as string[] | undefined)?.includes(word) ?? false);
  }

  private read(filter: Record<string, unknown>, query: RegisterSearch) {
    const keep = this.matches(query);
    return this.model
      .collection('listings')
      .find<ListingDocument>(filter, { fields: { _position: 0, s1: 0, s2: 0, s3: 0 } })
      .then((found) => found.filter(keep));
  }

  private async page(
    filter: Record<string, unknown>,
    query: RegisterSearch,
    cursor: RegisterCursor | undefined,
  ): Promise<RegisterPage> {
    if (cursor?.order === 'title') return this.titlePage(filter, query, 0, cursor.after);
    if (cursor?.order === 'shard')
      return this.shardPage(filter, query, cursor.resolution, cursor.estimate, cursor.after);
    // the first page: probe the first shard from the finest resolution up until it holds enough
    // to estimate the result's size; a result that stays small is read whole
    for (const resolution of [3, 2, 1] as const) {
      const probed = await this.model
        .collection('listings')
        .count({ ...filter, [`s${resolution}`]: hex(0, resolution) });
      if (probed >= 2) {
        const estimate = probed * 16 ** resolution;
        if (estimate > TITLE_ORDER_LIMIT)
          return this.shardPage(filter, query, resolutionFor(estimate, query.pageSize), estimate, '');
        break;
      }
    }
    return this.titlePage(filter, query, 0, undefined);
  }

  private async titlePage(
    filter: Record<string, unknown>,
    query: RegisterSearch,
    skip: number,
    after: string | undefined,
  ): Promise<RegisterPage> {
    const all = (await this.read(filter, query)).sort((a, b) =>
      a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0,
    );
    const rest = after === undefined ? all.slice(skip) : all.filter((listing) => listing.sortKey > after);
    const found = rest.slice(0, query.pageSize);
    const next =
      rest.length > query.pageSize
        ? encodeCursor({ order: 'title', after: found[found.length - 1]!.sortKey })
        : null;
    return { order: 'title', total: all.length, found, next };
  }

  /**
   * A page in shard order: the shards of `resolution` from the one holding `after` on, several at
   * once, until a page and one more program are found or the shards end.
   */
  private async shardPage(
    filter: Record<string, unknown>,
    query: RegisterSearch,
    resolution: 1 | 2 | 3,
    estimate: number,
    after: string,
  ): Promise<RegisterPage> {
    const shards = 16 ** resolution;
    const perShard = Math.max(estimate / shards, 0.25);
    const inFlight = Math.min(SHARDS_IN_FLIGHT, Math.max(1, Math.ceil((query.pageSize + 1) / perShard)));
    const found: ListingDocument[] = [];
    let shard = after === '' ? 0 : parseInt(after.slice(0, resolution), 16);
    while (found.length <= query.pageSize && shard < shards) {
      const batch = Array.from({ length: Math.min(inFlight, shards - shard) }, (_, i) =>
        hex(shard + i, resolution),
      );
      shard += batch.length;
      const read = await Promise.all(
        batch.map((s) => this.read({ ...filter, [`s${resolution}`]: s }, query)),
      );
      for (const listings of read)
        found.push(
          ...listings
            .filter((listing) => listing.shardKey > after)
            .sort((a, b) => (a.shardKey < b.shardKey ? -1 : a.shardKey > b.shardKey ? 1 : 0)),
        );
    }
    if (after === '' && found.length <= query.pageSize) {
      // the whole result fit in the first page (the pushed equalities matched many, the words or
      // hours checked in code kept few): it is small after all, so it is shown by title, with its total
      const byTitle = found.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
      return { order: 'title', total: byTitle.length, found: byTitle, next: null };
    }
    const page = found.slice(0, query.pageSize);
    const next =
      found.length > query.pageSize
        ? encodeCursor({ order: 'shard', resolution, estimate, after: page[page.length - 1]!.shardKey })
        : null;
    return { order: 'shard', total: null, found: page, next };
  }

  /**
   * One program as the register knows it, whatever its status, with its version (the position of the
   * program stream's last event, as a command answers it); undefined when unknown.
   */
  async program(programId: string) {
    const found = await this.model
      .collection('programs')
      .findById<ProgramDocument>(programId, { words: 0, sortKey: 0 });
    if (!found) return undefined;
    const { _position: version, ...program } = found;
    const [withProvider] = await this.withProviders([program as ProgramDocument]);
    return { ...withProvider!, version: Number(version) };
  }

  /**
   * Every program of a provider with where it stands in review, newest change first. A submitted
   * revision whose review case has too few experts says so (`waitingForExperts`), from expertise's
   * events: the provider sees that its program waits for experts, not merely that it was submitted.
   */
  async ofProvider(providerId: string) {
    const [found, waiting] = await Promise.all([
      this.model.collection('programs').find<ProgramDocument>({ providerId }, { fields: HIDDEN }),
      this.reviews
        .collection('review_cases')
        .find<{ programId: string; revision: number }>({ providerId, waiting: true }),
    ]);
    const waits = new Set(waiting.map((c) => `${c.programId}/${c.revision}`));
    return found
      .map(({ _id, ...rest }) => ({
        programId: _id,
        ...rest,
        waitingForExperts: rest.status === 'submitted' && waits.has(`${_id}/${String(rest['revision'])}`),
      }))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async offerings(programId: string) {
    const found = await this.model
      .collection('offerings')
      .find<Record<string, unknown> & { _id: string; startsOn: string }>(
        { programId },
        { fields: { _position: 0 } },
      );
    return found
      .map(({ _id, ...rest }) => ({ offeringId: _id, ...rest }))
      .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.offeringId.localeCompare(b.offeringId));
  }

  // One lookup by id per provider on the page, at once (no $in, which the store would answer by
  // reading every provider). A page of a large result names up to 20 providers, each a round trip
  // that on a loaded store costs as much as the page's own read, while a provider's name changes
  // rarely: names found are kept for PROVIDER_NAMES_FOR_MS (a renamed provider shows its new name
  // on the register that much later), unknown ones are asked again (the provider may arrive).
  private async withProviders(found: ProgramDocument[]) {
    const now = Date.now();
    const names = new Map<string, string | null>(
      await Promise.all(
        [...new Set(found.map((program) => String(program.providerId)))].map(async (providerId) => {
          const kept = this.providerNames.get(providerId);
          if (kept && now - kept.at < PROVIDER_NAMES_FOR_MS) return [providerId, kept.name] as const;
          const name =
            (await this.model.collection('providers').findById<{ name?: string }>(providerId))?.name ?? null;
          if (name !== null) {
            if (this.providerNames.size >= PROVIDER_NAMES_KEPT) this.providerNames.clear();
            this.providerNames.set(providerId, { name, at: now });
          }
          return [providerId, name] as const;
        }),
      ),
    );
    return found.map(({ _id, ...rest }) => ({
      programId: _id,
      ...rest,
      providerName: names.get(String(rest.providerId)) ?? null,
    }));
  }
}
