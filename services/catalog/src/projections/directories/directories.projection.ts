import { type CatalogEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';
import { normalise, wordsOf } from '../register/register.projection';

// The region's directories as admins read them: one document per entry, its whole record, and what
// the list pages and searches on. Directories hold organizations, never people: nothing here is
// personal data.

/** What every directory's documents share: the keys of listing, search and paging. */
const listed = {
  _id: String,
  region: String,
  name: String,
  /** Lower-case words of the name and their prefixes (3 letters and more), for word search. */
  words: [String],
  /** Name then id: a total order, the key of keyset paging (never skips or repeats an entry). */
  sortKey: String,
  updatedAt: String,
};

const providers = new Schema(
  { ...listed, inn: String, kind: String, ownership: String },
  { versionKey: false },
)
  .index({ region: 1, sortKey: 1 })
  .index({ region: 1, inn: 1 });

const municipalities = new Schema({ ...listed, oktmo: String, kind: String }, { versionKey: false })
  .index({ region: 1, sortKey: 1 })
  .index({ region: 1, oktmo: 1 });

const organizations = new Schema(
  { ...listed, inn: String, kind: String, municipalityId: String },
  { versionKey: false },
)
  .index({ region: 1, sortKey: 1 })
  .index({ region: 1, inn: 1 })
  .index({ municipalityId: 1, sortKey: 1 });

const sites = new Schema(
  {
    ...listed,
    inn: String,
    municipalityId: String,
    profile: String,
    programIds: [String],
    periods: [{ _id: false, startsOn: String, endsOn: String, places: Number }],
  },
  { versionKey: false },
)
  .index({ region: 1, sortKey: 1 })
  .index({ region: 1, inn: 1 })
  .index({ municipalityId: 1, sortKey: 1 });

export type DirectoryCollection = 'providers' | 'municipalities' | 'organizations' | 'sites';

/** The listing keys of an entry named `name` under `id`. */
export function listingOf(name: string, id: string) {
  // \u0001, not \u0000: PostgreSQL's jsonb (FerretDB's storage) cannot hold NUL
  return { words: wordsOf(name), sortKey: `${normalise(name)}\u0001${id}` };
}

export const directories = defineProjection<CatalogEvent>()({
  name: 'catalog-directories',
  topics: [publicTopic('catalog')],
  eventTypes: [
    'catalog.ProviderRegistered',
    'catalog.ProviderUpdated',
    'catalog.MunicipalityRegistered',
    'catalog.MunicipalityUpdated',
    'catalog.OrganizationRegistered',
    'catalog.OrganizationUpdated',
    'catalog.InternshipSiteRegistered',
    'catalog.InternshipSiteUpdated',
  ],
  collections: { providers, municipalities, organizations, sites },

  project(event): DocumentChange<DirectoryCollection>[] {
    const position = event.streamPosition;
    const updatedAt = event.time;
    switch (event.type) {
      case 'catalog.ProviderRegistered':
      case 'catalog.ProviderUpdated': {
        const { providerId, region, name, inn, kind, ownership } = event.data;
        return [
          {
            collection: 'providers',
            id: providerId,
            position,
            set: { region, name, inn, kind, ownership, ...listingOf(name, providerId), updatedAt },
          },
        ];
      }
      case 'catalog.MunicipalityRegistered':
      case 'catalog.MunicipalityUpdated': {
        const { municipalityId, region, name, oktmo, kind } = event.data;
        return [
          {
            collection: 'municipalities',
            id: municipalityId,
            position,
            set: { region, name, oktmo, kind, ...listingOf(name, municipalityId), updatedAt },
          },
        ];
      }
      case 'catalog.OrganizationRegistered':
      case 'catalog.OrganizationUpdated': {
        const { organizationId, region, name, inn, kind, municipalityId } = event.data;
        return [
          {
            collection: 'organizations',
            id: organizationId,
            position,
            set: {
              region,
              name,
              inn,
              kind,
              municipalityId,
              ...listingOf(name, organizationId),
              updatedAt,
            },
          },
        ];
      }
      case 'catalog.InternshipSiteRegistered':
      case 'catalog.InternshipSiteUpdated': {
        const { siteId, region, name, inn, municipalityId, profile, programIds, periods } = event.data;
        return [
          {
            collection: 'sites',
            id: siteId,
            position,
            set: {
              region,
              name,
              inn,
              municipalityId,
              profile,
              programIds: [...programIds],
              periods: periods.map(({ startsOn, endsOn, places }) => ({ startsOn, endsOn, places })),
              ...listingOf(name, siteId),
              updatedAt,
            },
          },
        ];
      }
      default:
        return [];
    }
  },
});
