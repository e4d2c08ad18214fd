import { type CatalogEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// Expertise's replica of the catalog's directories, as far as the council needs them: which legal
// entity (ИНН) stands behind a directory entry, and a provider's name for the council's statistics.
//
// One legal entity may sit in the directories more than once, each entry under its own id: a
// college that also runs courses is a provider *and* an educational organization, an internship
// site may be a school of the organizations' directory. The conflict of interest is a matter of the
// legal entity, so an expert's home organization and a program's provider are compared by ИНН —
// the identifier every directory entry carries (required and checked by catalog's contracts), that
// the state assigns once per legal entity and that its branches share. A link between entries
// (provider → organization) would have to be made by hand for every import and would be missed by
// the entry nobody linked; the ИНН is there already.
//
// One document per directory entry, following that entry's stream (docs/read-models.md, rule 1);
// "every entry of this legal entity" is an equality on the indexed `inn`.

const entries = new Schema(
  {
    _id: String,
    /** provider, organization or internship-site: the directory the entry belongs to. */
    directory: String,
    region: String,
    inn: String,
    name: String,
  },
  { versionKey: false },
)
  .index({ inn: 1 })
  .index({ region: 1, directory: 1 });

export const legalEntities = defineProjection<CatalogEvent>()({
  name: 'legal-entities',
  topics: [publicTopic('catalog')],
  eventTypes: [
    'catalog.ProviderRegistered',
    'catalog.ProviderUpdated',
    'catalog.OrganizationRegistered',
    'catalog.OrganizationUpdated',
    'catalog.InternshipSiteRegistered',
    'catalog.InternshipSiteUpdated',
  ],
  collections: { legal_entities: entries },

  project(event): DocumentChange<'legal_entities'>[] {
    const position = event.streamPosition;
    const entry = (id: string, directory: string, d: { region: string; inn: string; name: string }) => [
      {
        collection: 'legal_entities' as const,
        id,
        position,
        set: { directory, region: d.region, inn: d.inn, name: d.name },
      },
    ];
    switch (event.type) {
      case 'catalog.ProviderRegistered':
      case 'catalog.ProviderUpdated':
        return entry(event.data.providerId, 'provider', event.data);
      case 'catalog.OrganizationRegistered':
      case 'catalog.OrganizationUpdated':
        return entry(event.data.organizationId, 'organization', event.data);
      case 'catalog.InternshipSiteRegistered':
      case 'catalog.InternshipSiteUpdated':
        return entry(event.data.siteId, 'internship-site', event.data);
      default:
        return [];
    }
  },
});
