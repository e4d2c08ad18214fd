import { type ExpertiseEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// Catalog's replica of where expertise's review cases stand, for the provider's list of its
// programs: a submitted revision whose case has too few experts "waits for experts" (ждёт
// экспертов), not merely "submitted". One document per review case, following the case stream of
// pk.expertise.events.v1 (docs/read-models.md, rule 1) — never written into the program document,
// which follows the program stream. A decision that leaves a case short ends in ReviewUnderstaffed
// after its assignments, so the case's last event sets `waiting` right.

const cases = new Schema(
  {
    _id: String,
    programId: String,
    providerId: String,
    region: String,
    revision: Number,
    waiting: Boolean,
  },
  { versionKey: false },
).index({ providerId: 1, waiting: 1 });

export const reviewWaits = defineProjection<ExpertiseEvent>()({
  name: 'review-waits',
  topics: [publicTopic('expertise')],
  eventTypes: [
    'expertise.ReviewCaseOpened',
    'expertise.ExpertAssigned',
    'expertise.ReviewUnderstaffed',
    'expertise.ReviewDecided',
  ],
  collections: { review_cases: cases },

  project(event): DocumentChange<'review_cases'>[] {
    const position = event.streamPosition;
    const change = (caseId: string, set: Record<string, unknown>) => [
      { collection: 'review_cases' as const, id: caseId, position, set },
    ];
    switch (event.type) {
      case 'expertise.ReviewCaseOpened': {
        const { caseId, programId, providerId, region, revision } = event.data;
        return change(caseId, { programId, providerId, region, revision, waiting: false });
      }
      case 'expertise.ExpertAssigned':
      case 'expertise.ReviewDecided':
        return change(event.data.caseId, { waiting: false });
      case 'expertise.ReviewUnderstaffed':
        return change(event.data.caseId, { waiting: true });
      default:
        return [];
    }
  },
});
