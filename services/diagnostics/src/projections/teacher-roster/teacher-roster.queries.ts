import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { isOverdueOn, teacherRoster } from './teacher-roster.projection';
import { schoolCountsOf, teacherOverdue } from '../teacher-overdue/teacher-overdue.projection';

export interface RosterTeacher {
  readonly teacherId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly municipalityId: string;
  readonly position: string;
  readonly subjects: readonly string[];
  readonly workProfile: string;
  readonly category: string;
  readonly categorySince: string | null;
  readonly education: string;
  readonly lastTrainingCompletedOn: string | null;
  readonly trainingDueOn: string | null;
  readonly erased: boolean;
  readonly updatedAt: string;
}

export interface OverdueFilter {
  readonly region: string;
  readonly municipalityId?: string;
  readonly organizationId?: string;
  /** YYYY-MM-DD */
  readonly on: string;
}

export interface OverdueCount {
  readonly teachers: number;
  readonly overdue: number;
}

export interface OverdueReport extends OverdueCount {
  readonly region: string;
  readonly municipalityId: string | null;
  readonly organizationId: string | null;
  readonly on: string;
  readonly municipalities: readonly ({ readonly municipalityId: string } & OverdueCount)[];
  readonly organizations: readonly ({
    readonly organizationId: string;
    readonly municipalityId: string;
  } & OverdueCount)[];
}

export interface OverdueTeachersFilter {
  readonly region: string;
  readonly organizationId: string;
  /** A municipal operator's: only teachers of its municipality. */
  readonly municipalityId?: string;
  /** YYYY-MM-DD */
  readonly on: string;
  /** The last teacherId of the previous page. */
  readonly after?: string;
  readonly limit: number;
}

/** An overdue teacher as the list shows it: the professional record only, never a name. */
export interface OverdueTeacher {
  readonly teacherId: string;
  readonly municipalityId: string;
  readonly position: string;
  readonly subjects: readonly string[];
  readonly workProfile: string;
  readonly category: string;
  readonly lastTrainingCompletedOn: string | null;
  readonly trainingDueOn: string | null;
}

export interface OverdueTeachersPage {
  readonly region: string;
  readonly organizationId: string;
  readonly on: string;
  readonly teachers: readonly OverdueTeacher[];
  /** Pass as `after` for the next page; null on the last. */
  readonly next: string | null;
}

/** What the teacher-roster read model answers. */
@Injectable()
export class TeacherRosterQueries {
  constructor(
    @InjectReadModel(teacherRoster) private readonly model: ReadModelOf<typeof teacherRoster>,
    @InjectReadModel(teacherOverdue) private readonly counts: ReadModelOf<typeof teacherOverdue>,
  ) {}

  /**
   * Teachers overdue for ПК on a day, per school and per municipality; erased teachers are not
   * counted. A region or a municipality adds up the counts the teacher-overdue projection keeps per
   * Kafka partition (its documents of the scope, and the due days of the day's year): a few hundred
   * small documents whatever the teachers. One school reads its teachers (a few dozen) as before.
   */
  async overdue(filter: OverdueFilter): Promise<OverdueReport> {
    if (filter.organizationId === undefined) return this.overdueFromCounts(filter);
    const query: Record<string, string> = { region: filter.region };
    if (filter.municipalityId !== undefined) query['municipalityId'] = filter.municipalityId;
    if (filter.organizationId !== undefined) query['organizationId'] = filter.organizationId;
    const found = await this.model.collection('teachers').find<{
      organizationId?: string;
      municipalityId?: string;
      trainingDueOn?: string | null;
      erased?: boolean;
    }>(query, { fields: { _id: 0, organizationId: 1, municipalityId: 1, trainingDueOn: 1, erased: 1 } });

    const organizations = new Map<
      string,
      { organizationId: string; municipalityId: string; teachers: number; overdue: number }
    >();
    const municipalities = new Map<string, { municipalityId: string; teachers: number; overdue: number }>();
    let teachers = 0;
    let overdue = 0;
    for (const teacher of found) {
      if (teacher.erased || teacher.organizationId === undefined || teacher.municipalityId === undefined)
        continue;
      const late = isOverdueOn(teacher.trainingDueOn, filter.on) ? 1 : 0;
      teachers++;
      overdue += late;
      const organization = organizations.get(teacher.organizationId) ?? {
        organizationId: teacher.organizationId,
        municipalityId: teacher.municipalityId,
        teachers: 0,
        overdue: 0,
      };
      organization.teachers++;
      organization.overdue += late;
      organizations.set(teacher.organizationId, organization);
      const municipality = municipalities.get(teacher.municipalityId) ?? {
        municipalityId: teacher.municipalityId,
        teachers: 0,
        overdue: 0,
      };
      municipality.teachers++;
      municipality.overdue += late;
      municipalities.set(teacher.municipalityId, municipality);
    }
    return reportOf(filter, teachers, overdue, municipalities, organizations);
  }

  /** The report of a region or a municipality from the partitions' counts (see teacherOverdue). */
  private async overdueFromCounts(filter: OverdueFilter): Promise<OverdueReport> {
    const year = filter.on.slice(0, 4);
    const before = Number(filter.on.slice(5).replace('-', ''));
    type Stored = { municipalities: string | null };
    const [counted, dated] = await Promise.all([
      this.counts
        .collection('counts')
        .find<Stored>({ region: filter.region }, { fields: { _id: 0, municipalities: 1 } }),
      this.counts
        .collection('days')
        .find<Stored>({ region: filter.region, year }, { fields: { _id: 0, municipalities: 1 } }),
    ]);
    const inScope = <T>(municipalities: string | null): [string, Record<string, T>][] =>
      // a document whose partition no longer counts anyone there has its fields emptied
      Object.entries(
        (municipalities === null ? {} : JSON.parse(municipalities)) as Record<string, Record<string, T>>,
      ).filter(
        ([municipalityId]) => filter.municipalityId === undefined || municipalityId === filter.municipalityId,
      );
    // due this year before the day, per municipality and school (summed over the partitions)
    const dueBefore = new Map<string, number>();
    for (const partition of dated) {
      for (const [municipalityId, schools] of inScope<number[]>(partition.municipalities)) {
        for (const [organizationId, perDay] of Object.entries(schools)) {
          let due = 0;
          // [MMDD, teachers, MMDD, teachers, …]
          for (let i = 0; i < perDay.length; i += 2) if (perDay[i]! < before) due += perDay[i + 1]!;
          const key = `${municipalityId}|${organizationId}`;
          dueBefore.set(key, (dueBefore.get(key) ?? 0) + due);
        }
      }
    }
    const organizations = new Map<string, Tally & { organizationId: string; municipalityId: string }>();
    const municipalities = new Map<string, Tally & { municipalityId: string }>();
    let teachers = 0;
    let overdue = 0;
    for (const partition of counted) {
      for (const [municipalityId, schools] of inScope<number[]>(partition.municipalities)) {
        for (const [organizationId, packed] of Object.entries(schools)) {
          const school = schoolCountsOf(packed);
          let late = school.unknown;
          for (const [dueYear, n] of Object.entries(school.years)) if (dueYear < year) late += n;
          // the due days of the year are summed over the partitions: added with the first partition's counts
          const key = `${municipalityId}|${organizationId}`;
          late += dueBefore.get(key) ?? 0;
          dueBefore.delete(key);
          teachers += school.teachers;
          overdue += late;
          const organization = organizations.get(organizationId) ?? {
            organizationId,
            municipalityId,
            teachers: 0,
            overdue: 0,
          };
          organization.teachers += school.teachers;
          organization.overdue += late;
          organizations.set(organizationId, organization);
          const municipality = municipalities.get(municipalityId) ?? {
            municipalityId,
            teachers: 0,
            overdue: 0,
          };
          municipality.teachers += school.teachers;
          municipality.overdue += late;
          municipalities.set(municipalityId, municipality);
        }
      }
    }
    return reportOf(filter, teachers, overdue, municipalities, organizations);
  }

  /**
   * The overdue teachers of one school, by id, a page at a time: what a school's coordinator works
   * through. One indexed equality query on the organization (a school has hundreds of teachers at
   * most); overdue is decided in code, as in `overdue`, because the day varies per request.
   */
  async overdueTeachers(filter: OverdueTeachersFilter): Promise<OverdueTeachersPage> {
    const query: Record<string, string> = { region: filter.region, organizationId: filter.organizationId };
    if (filter.municipalityId !== undefined) query['municipalityId'] = filter.municipalityId;
    const found = await this.model.collection('teachers').find<RosterTeacher & { _id: string }>(query, {
      sort: { _id: 1 },
    });
    const overdue = found.filter(
      (t) =>
        !t.erased &&
        isOverdueOn(t.trainingDueOn, filter.on) &&
        (filter.after === undefined || t._id > filter.after),
    );
    const page = overdue.slice(0, filter.limit).map((t): OverdueTeacher => ({
      teacherId: t._id,
      municipalityId: t.municipalityId,
      position: t.position,
      subjects: t.subjects ?? [],
      workProfile: t.workProfile ?? '',
      category: t.category,
      lastTrainingCompletedOn: t.lastTrainingCompletedOn ?? null,
      trainingDueOn: t.trainingDueOn ?? null,
    }));
    return {
      region: filter.region,
      organizationId: filter.organizationId,
      on: filter.on,
      teachers: page,
      next: overdue.length > filter.limit ? page[page.length - 1]!.teacherId : null,
    };
  }
}

interface Tally {
  teachers: number;
  overdue: number;
}

/** The report's shape, municipalities and schools ordered by id. */
function reportOf(
  filter: OverdueFilter,
  teachers: number,
  overdue: number,
  municipalities: ReadonlyMap<string, Tally & { municipalityId: string }>,
  organizations: ReadonlyMap<string, Tally & { organizationId: string; municipalityId: string }>,
): OverdueReport {
  const byId =
    <T>(key: keyof T) =>
    (a: T, b: T) =>
      String(a[key]).localeCompare(String(b[key]));
  return {
    region: filter.region,
    municipalityId: filter.municipalityId ?? null,
    organizationId: filter.organizationId ?? null,
    on: filter.on,
    teachers,
    overdue,
    municipalities: [...municipalities.values()].sort(byId('municipalityId')),
    organizations: [...organizations.values()].sort(byId('organizationId')),
  };
}
