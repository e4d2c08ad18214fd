import { type ExpertiseEvent, publicTopic } from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';

// The expertise service's own read model, built from its public topic. Every document follows one
// stream (docs/read-models.md, rule 1): an expert document its expert stream; a case document and
// its assignment documents (one per expert on the case) the case stream. An expert's load is
// therefore not a counter on the expert document — case events of one expert arrive on many
// streams and partitions, and a counter written from them would lose updates — but the number of
// its open assignment documents, read for a region in one equality query.

const experts = new Schema(
  {
    _id: String,
    region: String,
    organizationId: String,
    subjects: [String],
    competencies: [String],
    active: Boolean,
  },
  { versionKey: false },
).index({ region: 1 });

const cases = new Schema(
  {
    _id: String,
    programId: String,
    providerId: String,
    region: String,
    revision: Number,
    title: String,
    kind: String,
    hours: Number,
    reviewersRequired: Number,
    criteriaSet: { id: String, version: Number },
    openedAt: String,
    status: String,
    outcome: String,
    score: Number,
    comments: [String],
    decidedAt: String,
    /** Open with fewer experts than required: it waits for experts (ждёт экспертов). */
    understaffed: Boolean,
    /** The staffing's last count when it found too few, and when it tries again by itself. */
    staffed: Number,
    retryAt: String,
  },
  { versionKey: false },
)
  .index({ programId: 1 })
  .index({ region: 1 })
  .index({ region: 1, understaffed: 1 })
  .index({ understaffed: 1 });

const assignments = new Schema(
  {
    _id: String,
    caseId: String,
    programId: String,
    region: String,
    expertId: String,
    assignedAt: String,
    dueBy: String,
    state: String,
    /** Assigned and neither scored nor withdrawn: what counts as the expert's load and queue. */
    open: Boolean,
    reason: String,
    comment: String,
    scorecard: {
      criteriaSet: { id: String, version: Number },
      scores: [{ _id: false, criterion: String, score: Number, comment: String }],
      summary: String,
      submittedAt: String,
    },
  },
  { versionKey: false },
)
  .index({ caseId: 1 })
  .index({ expertId: 1, open: 1 })
  .index({ region: 1, open: 1 });

export const assignmentId = (caseId: string, expertId: string) => `${caseId}/${expertId}`;

export const reviewBoard = defineProjection<ExpertiseEvent>()({
  name: 'review-board',
  topics: [publicTopic('expertise')],
  eventTypes: [
    'expertise.ExpertRegistered',
    'expertise.ExpertDeactivated',
    'expertise.ExpertReactivated',
    'expertise.ReviewCaseOpened',
    'expertise.ExpertAssigned',
    'expertise.AssignmentWithdrawn',
    'expertise.ScorecardSubmitted',
    'expertise.ReviewDecided',
    'expertise.ReviewUnderstaffed',
  ],
  collections: { experts, cases, assignments },

  project(event): DocumentChange<'experts' | 'cases' | 'assignments'>[] {
    const position = event.streamPosition;
    switch (event.type) {
      case 'expertise.ExpertRegistered': {
        const { expertId, region, organizationId, subjects, competencies } = event.data;
        return [
          {
            collection: 'experts',
            id: expertId,
            position,
            set: { region, organizationId, subjects, competencies, active: true },
          },
        ];
      }
      case 'expertise.ExpertDeactivated':
      case 'expertise.ExpertReactivated':
        return [
          {
            collection: 'experts',
            id: event.data.expertId,
            position,
            set: { active: event.type === 'expertise.ExpertReactivated' },
          },
        ];
      case 'expertise.ReviewCaseOpened': {
        const d = event.data;
        return [
          {
            collection: 'cases',
            id: d.caseId,
            position,
            set: {
              programId: d.programId,
              providerId: d.providerId,
              region: d.region,
              revision: d.revision,
              title: d.title,
              kind: d.kind,
              hours: d.hours,
              reviewersRequired: d.reviewersRequired,
              criteriaSet: d.criteriaSet,
              openedAt: event.time,
              status: 'open',
            },
          },
        ];
      }
      case 'expertise.ExpertAssigned': {
        const { caseId, programId, region, expertId, dueBy } = event.data;
        // A decision that leaves the case short ends in ReviewUnderstaffed, after its assignments:
        // an assignment alone means the case has the experts it needs.
        return [
          { collection: 'cases', id: caseId, position, set: { understaffed: false } },
          {
            collection: 'assignments',
            id: assignmentId(caseId, expertId),
            position,
            set: {
              caseId,
              programId,
              region,
              expertId,
              assignedAt: event.time,
              dueBy,
              state: 'assigned',
              open: true,
            },
          },
        ];
      }
      case 'expertise.AssignmentWithdrawn': {
        const { caseId, expertId, reason, comment } = event.data;
        return [
          {
            collection: 'assignments',
            id: assignmentId(caseId, expertId),
            position,
            set: { state: 'withdrawn', open: false, reason, comment },
          },
        ];
      }
      case 'expertise.ScorecardSubmitted': {
        const { caseId, expertId, criteriaSet, scores, summary } = event.data;
        return [
          {
            collection: 'assignments',
            id: assignmentId(caseId, expertId),
            position,
            set: {
              state: 'scored',
              open: false,
              scorecard: { criteriaSet, scores, summary, submittedAt: event.time },
            },
          },
        ];
      }
      case 'expertise.ReviewDecided': {
        const { caseId, outcome, score, comments } = event.data;
        return [
          {
            collection: 'cases',
            id: caseId,
            position,
            set: {
              status: 'decided',
              outcome,
              score,
              comments,
              decidedAt: event.time,
              understaffed: false,
            },
          },
        ];
      }
      case 'expertise.ReviewUnderstaffed': {
        const { caseId, assigned, retryAt } = event.data;
        return [
          {
            collection: 'cases',
            id: caseId,
            position,
            set: { understaffed: true, staffed: assigned, ...(retryAt ? { retryAt } : {}) },
          },
        ];
      }
      default:
        return [];
    }
  },
});
