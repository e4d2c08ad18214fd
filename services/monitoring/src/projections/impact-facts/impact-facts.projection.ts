import {
  type CatalogEvent,
  type DiagnosticsEvent,
  type EnrollmentEvent,
  publicTopic,
  regionToday,
} from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { Schema } from 'mongoose';
import { regionYearOf } from '../region-year';

// The facts evidence of impact joins (src/indicators/impact.ts): completions, the competencies of
// programs, and every score of a competency a diagnostic observed. One document per fact, each
// following the one stream its event comes from, so a redelivery lands on the same document and its
// position guard drops it. The join is made when read: a completion and a teacher's scores come
// from different topics (enrollment by group, diagnostics by attempt), so no one writer could keep
// per-program counters without reading back (docs/read-models.md, "one writer per partition").

/** A completed course, by enrollment (the group's stream); `year` of the date it names. */
const completions = new Schema(
  {
    _id: String,
    region: String,
    teacherId: String,
    programId: String,
    providerId: String,
    completedOn: String,
    year: Number,
  },
  { versionKey: false },
)
  .index({ programId: 1, year: 1 })
  .index({ providerId: 1, year: 1 });

/**
 * A competency scored by an attempt or an outside result: `${evidenceId}:${competency}` (the
 * evidence's own stream). `observedOn` is the region's day it was observed on.
 */
const scores = new Schema(
  {
    _id: String,
    region: String,
    teacherId: String,
    competency: String,
    observedOn: String,
    deficit: Boolean,
  },
  { versionKey: false },
).index({ teacherId: 1 });

/** A program's latest submitted or approved revision: its provider and competencies. */
const programs = new Schema(
  { _id: String, region: String, providerId: String, title: String, competencies: [String] },
  { versionKey: false },
).index({ providerId: 1 });

export type ImpactFactsCollection = 'completions' | 'scores' | 'programs';

export const impactFacts = defineProjection<CatalogEvent | DiagnosticsEvent | EnrollmentEvent>()({
  name: 'monitoring-impact-facts',
  topics: [publicTopic('catalog'), publicTopic('diagnostics'), publicTopic('enrollment')],
  eventTypes: [
    'catalog.ProgramSubmitted',
    'catalog.ProgramApproved',
    'diagnostics.AttemptScored',
    'diagnostics.ExternalResultRecorded',
    'enrollment.CourseCompleted',
  ],
  collections: { completions, scores, programs },

  project(event): DocumentChange<ImpactFactsCollection>[] {
    const position = event.streamPosition;
    const scored = (
      evidenceId: string,
      teacherId: string,
      region: string,
      observedOn: string,
      list: readonly { competency: string; deficit: boolean }[],
    ): DocumentChange<ImpactFactsCollection>[] =>
      list.map(({ competency, deficit }) => ({
        collection: 'scores',
        id: `${evidenceId}:${competency}`,
        position,
        set: { region, teacherId, competency, observedOn, deficit },
      }));
    switch (event.type) {
      case 'catalog.ProgramSubmitted':
      case 'catalog.ProgramApproved': {
        const { programId, providerId, region, title, competencies } = event.data;
        return [
          {
            collection: 'programs',
            id: programId,
            position,
            set: { region, providerId, title, competencies: [...competencies] },
          },
        ];
      }
      case 'diagnostics.AttemptScored': {
        const { attemptId, teacherId, region, scores: list } = event.data;
        // the day of the attempt's scoring time on the region's clock, like a completion's date
        return scored(attemptId, teacherId, region, regionToday(region, new Date(event.time)), list);
      }
      case 'diagnostics.ExternalResultRecorded': {
        const { resultId, teacherId, region, recordedOn, scores: list } = event.data;
        return scored(resultId, teacherId, region, recordedOn, list);
      }
      case 'enrollment.CourseCompleted': {
        const { enrollmentId, region, teacherId, programId, providerId, completedOn } = event.data;
        return [
          {
            collection: 'completions',
            id: enrollmentId,
            position,
            set: {
              region,
              teacherId,
              programId,
              providerId,
              completedOn,
              year: regionYearOf(region, completedOn),
            },
          },
        ];
      }
      default:
        return [];
    }
  },
});
