import { type CatalogEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

/** One document per provider and per program, so counts are exact whatever was redelivered. */
const providers = new Schema(
  { _id: String, region: String, name: String, ownership: String },
  { versionKey: false },
).index({ region: 1 });

const programs = new Schema(
  { _id: String, region: String, providerId: String, kind: String, hours: Number },
  { versionKey: false },
).index({ region: 1, kind: 1 });

export const catalogStatistics = defineProjection<CatalogEvent>()({
  name: 'catalog-statistics',
  topics: [publicTopic('catalog')],
  eventTypes: ['catalog.ProviderRegistered', 'catalog.ProgramSubmitted'],
  collections: { providers, programs },

  project(event): DocumentChange<'providers' | 'programs'>[] {
    switch (event.type) {
      case 'catalog.ProviderRegistered': {
        const { providerId, region, name, ownership } = event.data;
        return [
          {
            collection: 'providers',
            id: providerId,
            position: event.streamPosition,
            set: { region, name, ownership },
          },
        ];
      }
      case 'catalog.ProgramSubmitted': {
        const { programId, region, providerId, kind, hours } = event.data;
        return [
          {
            collection: 'programs',
            id: programId,
            position: event.streamPosition,
            set: { region, providerId, kind, hours },
          },
        ];
      }
      default:
        return [];
    }
  },
});
