import { type DiagnosticsEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// Teachers' profiles and the deficit maps, from the service's public topic. Every document follows
// one stream (docs/read-models.md, rule 1):
// - a result document its attempt's or outside result's stream: a teacher's profile reads its
//   handful by teacherId and takes the newest score per competency at query time;
// - a campaign document its campaign's stream (the year and kind of a monitoring attempt);
// - a deficit document, one per (teacher, competency), the teacher's profile stream: a map counts
//   the open ones of a region, municipality or organization by equality on an indexed field.
// Burnout screening is private and never reaches this topic, so no document here can hold it.

const scores = [{ _id: false, competency: String, score: Number, deficit: Boolean }];

const results = new Schema(
  {
    _id: String,
    teacherId: String,
    region: String,
    kind: String,
    campaignId: String,
    instrument: { id: String, version: Number },
    /** The outside result's source; null for an attempt (its campaign says which). */
    source: String,
    observedAt: String,
    scores,
  },
  { versionKey: false },
).index({ teacherId: 1 });

const campaigns = new Schema(
  {
    _id: String,
    region: String,
    kind: String,
    year: Number,
    opensOn: String,
    closesOn: String,
    open: Boolean,
  },
  { versionKey: false },
).index({ region: 1 });

const deficits = new Schema(
  {
    _id: String,
    teacherId: String,
    region: String,
    municipalityId: String,
    organizationId: String,
    competency: String,
    open: Boolean,
    foundBy: String,
    source: String,
    resolvedBy: String,
  },
  { versionKey: false },
)
  .index({ teacherId: 1 })
  .index({ region: 1, open: 1 })
  .index({ municipalityId: 1, open: 1 })
  .index({ organizationId: 1, open: 1 });

export const deficitId = (teacherId: string, competency: string) => `${teacherId}/${competency}`;

export const teacherProfiles = defineProjection<DiagnosticsEvent>()({
  name: 'teacher-profiles',
  topics: [publicTopic('diagnostics')],
  eventTypes: [
    'diagnostics.CampaignOpened',
    'diagnostics.CampaignClosed',
    'diagnostics.AttemptScored',
    'diagnostics.ExternalResultRecorded',
    'diagnostics.DeficitFound',
    'diagnostics.DeficitResolved',
  ],
  collections: { results, campaigns, deficits },

  project(event): DocumentChange<'results' | 'campaigns' | 'deficits'>[] {
    const position = event.streamPosition;
    switch (event.type) {
      case 'diagnostics.CampaignOpened': {
        const { campaignId, region, kind, year, opensOn, closesOn } = event.data;
        return [
          {
            collection: 'campaigns',
            id: campaignId,
            position,
            set: { region, kind, year, opensOn, closesOn, open: true },
          },
        ];
      }
      case 'diagnostics.CampaignClosed':
        return [{ collection: 'campaigns', id: event.data.campaignId, position, set: { open: false } }];
      case 'diagnostics.AttemptScored': {
        const { attemptId, teacherId, region, campaignId, instrument, scores } = event.data;
        return [
          {
            collection: 'results',
            id: attemptId,
            position,
            set: {
              teacherId,
              region,
              kind: 'attempt',
              campaignId,
              instrument,
              source: null,
              observedAt: event.time,
              scores,
            },
          },
        ];
      }
      case 'diagnostics.ExternalResultRecorded': {
        const { resultId, teacherId, region, source, recordedOn, scores } = event.data;
        return [
          {
            collection: 'results',
            id: resultId,
            position,
            set: {
              teacherId,
              region,
              kind: 'external-result',
              campaignId: null,
              instrument: null,
              source,
              observedAt: `${recordedOn}T00:00:00.000Z`,
              scores,
            },
          },
        ];
      }
      case 'diagnostics.DeficitFound': {
        const { teacherId, region, municipalityId, organizationId, competency, foundBy, source } = event.data;
        return [
          {
            collection: 'deficits',
            id: deficitId(teacherId, competency),
            position,
            set: {
              teacherId,
              region,
              municipalityId,
              organizationId,
              competency,
              open: true,
              foundBy,
              source,
              resolvedBy: null,
            },
          },
        ];
      }
      case 'diagnostics.DeficitResolved': {
        const { teacherId, region, municipalityId, organizationId, competency, resolvedBy } = event.data;
        return [
          {
            collection: 'deficits',
            id: deficitId(teacherId, competency),
            position,
            set: { teacherId, region, municipalityId, organizationId, competency, open: false, resolvedBy },
          },
        ];
      }
      default:
        return [];
    }
  },
});
