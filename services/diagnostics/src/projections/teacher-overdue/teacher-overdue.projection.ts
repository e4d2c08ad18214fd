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
 * `counts.municipalities`, parsed: per municipality, per school, `[teachers, unknown, firstYear,
 * dueInFirstYear, dueInTheNext, …]` — compact, since a region's report reads every school of every
 * partition (about 55 bytes a school instead of 110 as named fields).
 */
export type CountsByPlace = Record<string, Record<string, number[]>>;
/** `days.municipalities`, parsed: per municipality, per school, `[MMDD, teachers, MMDD, teachers, …]`. */
export type DaysByPlace = Record<string, Record<string, number[]>>;

/** A school's counts from its compact form (see CountsByPlace). */
export function schoolCountsOf(packed: readonly number[]): SchoolCounts {
  const [teachers = 0, unknown = 0, firstYear = 0, ...perYear] = packed;
  const years: Record<string, number> = {};
  perYear.forEach((n, i) => {
    if (n > 0) years[String(firstYear + i)] = n;
  });
  return { teachers, unknown, years };
}

function packed({ teachers, unknown, years }: SchoolCounts): number[] {
  const due = Object.keys(years).map(Number);
  if (due.length === 0) return [teachers, unknown];
  const first = Math.min(...due);
  const perYear = Array.from(
    { length: Math.max(...due) - first + 1 },
    (_, i) => years[String(first + i)] ?? 0,
  );
  return [teachers, unknown, first, ...perYear];
}

/**
 * Per partition and region: each school's counts, by municipality (`counts`); and per partition,
 * region and year the teachers' due days fall in, each school's teachers per day (`days`). A report
 * on a day D of year Y reads the region's `counts` and its `days` of year Y only: overdue are those
 * with no ПК known, those due in a year before Y, and those due in Y before D — exactly the teachers
 * `isOverdueOn` picks, for any day asked. The counts are JSON text: FerretDB decodes a document field
 * by field (about 15 µs a field here), so a count kept as thousands of fields cost as much as the
 * teachers it replaced, and one string costs one field.
 */
const counts = new Schema(
  { _id: String, region: String, municipalities: String },
  { versionKey: false },
).index({ region: 1 });

const days = new Schema(
  { _id: String, region: String, year: String, municipalities: String },
  { versionKey: false },
)
  .index({ region: 1 })
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
      const regions = new Map<string, Record<string, Record<string, SchoolCounts>>>();
      const dated = new Map<
        string,
        { region: string; year: string; municipalities: Record<string, Record<string, PerDay>> }
      >();
      for (const contribution of Object.values(state.teachers)) {
        if (contribution.length === 1) continue;
        const [, region, municipalityId, organizationId, dueOn] = contribution;
        let places = regions.get(region);
        if (!places) regions.set(region, (places = {}));
        const schools = (places[municipalityId] ??= {});
        const school = (schools[organizationId] ??= { teachers: 0, unknown: 0, years: {} });
        const counted = school as { teachers: number; unknown: number; years: Record<string, number> };
        counted.teachers += 1;
        if (dueOn === null) {
          counted.unknown += 1;
          continue;
        }
        const year = dueOn.slice(0, 4);
        counted.years[year] = (counted.years[year] ?? 0) + 1;
        let days = dated.get(`${region}:${year}`);
        if (!days) dated.set(`${region}:${year}`, (days = { region, year, municipalities: {} }));
        const perDay = ((days.municipalities[municipalityId] ??= {})[organizationId] ??= new PerDay());
        perDay[dueOn.slice(5)] = (perDay[dueOn.slice(5)] ?? 0) + 1;
      }
      return [
        ...[...regions].map(([region, places]) => ({
          collection: 'counts' as const,
          id: region,
          set: {
            region,
            municipalities: JSON.stringify(places, (_key, value: unknown) =>
              isSchoolCounts(value) ? packed(value) : value,
            ),
          },
        })),
        ...[...dated].map(([id, { region, year, municipalities }]) => ({
          collection: 'days' as const,
          id,
          set: {
            region,
            year,
            municipalities: JSON.stringify(municipalities, (_key, value: unknown) =>
              isPerDay(value)
                ? Object.entries(value).flatMap(([day, n]) => [Number(day.replace('-', '')), n])
                : value,
            ),
          },
        })),
      ];
    },
  },
});

/** Teachers per due day while the documents are built ("MM-DD": n); stored as `[MMDD, n, …]`. */
class PerDay {
  [day: string]: number;
}

const isPerDay = (value: unknown): value is PerDay => value instanceof PerDay;
const isSchoolCounts = (value: unknown): value is SchoolCounts =>
  typeof value === 'object' && value !== null && 'teachers' in value && 'years' in value;
