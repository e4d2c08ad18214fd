import { publicTopic } from '@pk/contracts';
import { type AggregateDocument, defineProjection, partitionStateSchema } from '@pk/projections';
import { Schema } from 'mongoose';
import type { TeacherRosterEvent } from '../teacher-roster/teacher-roster.projection';
import { trainingDueOn } from '../teacher-roster/teacher-roster.projection';

/**
 * What one teacher adds to the counts: the stream position it was taken at (a duplicate or older
 * event changes nothing), and where the teacher works with the day the last ПК stops counting
 * (null: none known). An erased teacher keeps the position only and counts nowhere.
 */
type Contribution =
  | readonly [
      position: number,
      region: string,
      municipalityId: string,
      organizationId: string,
      dueOn: string | null,
    ]
  | readonly [position: number];

/** A partition's state: each teacher of the partition's streams, by id. */
export interface OverdueState {
  readonly teachers: Record<string, Contribution>;
}

/** One school's teachers in a counts document: all, those with no ПК known, and per year it stops counting. */
export interface SchoolCounts {
  readonly teachers: number;
  readonly unknown: number;
  /** "2027": teachers whose last ПК stops counting in 2027 (trainingDueOn's year). */
  readonly years: Record<string, number>;
}

/**
 * Per partition and municipality: each school's counts (`counts`), and for each year the teachers'
 * due days fall in, each school's teachers per day (`days`, "MM-DD": n). A report on a day D of
 * year Y reads every `counts` document of its scope and the `days` of year Y only: overdue are
 * those with no ПК known, those due in a year before Y, and those due in Y before D — exactly the
 * teachers `isOverdueOn` picks, for any day asked.
 */
const counts = new Schema(
  {
    _id: String,
    region: String,
    municipalityId: String,
    organizations: Schema.Types.Mixed,
  },
  { versionKey: false, minimize: false },
)
  .index({ region: 1 })
  .index({ municipalityId: 1 });

const days = new Schema(
  {
    _id: String,
    region: String,
    municipalityId: String,
    year: String,
    organizations: Schema.Types.Mixed,
  },
  { versionKey: false, minimize: false },
)
  .index({ region: 1 })
  .index({ municipalityId: 1 })
  .index({ year: 1 });

/**
 * The overdue-training report's counts, kept per Kafka partition (docs/read-models.md, "Counts over
 * many streams"): a count over a region's teachers cannot follow one stream, so the partition that
 * carries the teachers' streams is the one writer of its counts. The report adds up the partitions'
 * documents of its scope — a few hundred small documents for a region instead of its 45 651
 * teachers. Its own consumer group, so it fills from the topic's beginning when first deployed.
 */
export const teacherOverdue = defineProjection<TeacherRosterEvent>()({
  name: 'teacher-overdue',
  topics: [publicTopic('diagnostics')],
  eventTypes: ['diagnostics.TeacherRegistered', 'diagnostics.TeacherUpdated', 'diagnostics.TeacherErased'],
  collections: { counts, days, partitions: partitionStateSchema() },

  project: () => [],

  aggregate: {
    stateCollection: 'partitions',
    initial: (): OverdueState => ({ teachers: {} }),

    apply(state: OverdueState, event: TeacherRosterEvent): void {
      const teachers = state.teachers as Record<string, Contribution>;
      const { teacherId } = event.data;
      const before = teachers[teacherId];
      if (before !== undefined && before[0] >= event.streamPosition) return;
      if (event.type === 'diagnostics.TeacherErased') {
        teachers[teacherId] = [event.streamPosition];
        return;
      }
      const { region, municipalityId, organizationId } = event.data;
      teachers[teacherId] = [
        event.streamPosition,
        region,
        municipalityId,
        organizationId,
        trainingDueOn(event.data),
      ];
    },

    documents(state: OverdueState): AggregateDocument<'counts' | 'days'>[] {
      const byPlace = new Map<
        string,
        { region: string; municipalityId: string; schools: Map<string, SchoolCounts> }
      >();
      const byDay = new Map<
        string,
        { region: string; municipalityId: string; year: string; schools: Map<string, Record<string, number>> }
      >();
      for (const contribution of Object.values(state.teachers)) {
        if (contribution.length === 1) continue;
        const [, region, municipalityId, organizationId, dueOn] = contribution;
        const placeId = `${region}:${municipalityId}`;
        let place = byPlace.get(placeId);
        if (!place) byPlace.set(placeId, (place = { region, municipalityId, schools: new Map() }));
        const school = place.schools.get(organizationId) ?? { teachers: 0, unknown: 0, years: {} };
        const years = { ...school.years };
        if (dueOn !== null) {
          const year = dueOn.slice(0, 4);
          years[year] = (years[year] ?? 0) + 1;
          const dayId = `${placeId}:${year}`;
          let day = byDay.get(dayId);
          if (!day) byDay.set(dayId, (day = { region, municipalityId, year, schools: new Map() }));
          const perDay = day.schools.get(organizationId) ?? {};
          perDay[dueOn.slice(5)] = (perDay[dueOn.slice(5)] ?? 0) + 1;
          day.schools.set(organizationId, perDay);
        }
        place.schools.set(organizationId, {
          teachers: school.teachers + 1,
          unknown: school.unknown + (dueOn === null ? 1 : 0),
          years,
        });
      }
      return [
        ...[...byPlace].map(([id, place]) => ({
          collection: 'counts' as const,
          id,
          set: {
            region: place.region,
            municipalityId: place.municipalityId,
            organizations: Object.fromEntries(place.schools),
          },
        })),
        ...[...byDay].map(([id, day]) => ({
          collection: 'days' as const,
          id,
          set: {
            region: day.region,
            municipalityId: day.municipalityId,
            year: day.year,
            organizations: Object.fromEntries(day.schools),
          },
        })),
      ];
    },
  },
});
