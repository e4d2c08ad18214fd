import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { isOverdueOn, teacherRoster } from './teacher-roster.projection';

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
  constructor(@InjectReadModel(teacherRoster) private readonly model: ReadModelOf<typeof teacherRoster>) {}

  /**
   * Teachers overdue for ПК on a day, per school and per municipality. One equality query on the
   * narrowest filter given (organization, else municipality, else region), indexed; it decodes what
   * it matches and groups in code — the day varies per request, so the count cannot be kept, and
   * a count written from many teachers' streams would break the one-writer rule. Erased teachers
   * are not counted.
   */
  async overdue(filter: OverdueFilter): Promise<OverdueReport> {
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
