import { Injectable } from '@nestjs/common';
import { DomainError } from '@pk/kernel';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { teacherDirectory } from './teacher-directory.projection';

/** Where a teacher works, as its record names it. */
export interface TeacherWorkplace {
  readonly region: string;
  readonly organizationId: string;
  readonly municipalityId: string;
}

/** Why a workplace is refused: a stable code, and the column of an import file at fault. */
export interface WorkplaceProblem {
  readonly code:
    | 'teacher-municipality-unknown'
    | 'teacher-organization-unknown'
    | 'teacher-organization-in-other-municipality';
  readonly column: 'organization_id' | 'municipality_id';
  readonly message: string;
}

interface Organization {
  readonly region?: string;
  readonly municipalityId?: string;
}

/** The teachers' replica of the catalog's directory: whether a teacher's workplace exists. */
@Injectable()
export class TeacherDirectory {
  constructor(
    @InjectReadModel(teacherDirectory) private readonly model: ReadModelOf<typeof teacherDirectory>,
  ) {}

  /**
   * Refuses (422, the problem's code) a workplace the catalog's directory does not hold; while the
   * replica is behind its topic the entry may be on its way: ReplicaBehind (503, try again).
   */
  async assertKnown(workplace: TeacherWorkplace): Promise<void> {
    const problem = await this.problemOf(workplace);
    if (problem) throw new DomainError(problem.code, problem.message);
  }

  /** What is wrong with the workplace, if anything; waits as `assertKnown` does. */
  async problemOf({
    region,
    organizationId,
    municipalityId,
  }: TeacherWorkplace): Promise<WorkplaceProblem | undefined> {
    const [municipality, organization] = await Promise.all([
      this.model.lookUp(`municipality ${municipalityId}`, () =>
        this.model.collection('teacher_municipalities').findById<{ region?: string }>(municipalityId),
      ),
      this.model.lookUp(`organization ${organizationId}`, () =>
        this.model.collection('teacher_organizations').findById<Organization>(organizationId),
      ),
    ]);
    if (organization === null || organization.region !== region) {
      return {
        code: 'teacher-organization-unknown',
        column: 'organization_id',
        message: `организации ${organizationId} нет в справочнике каталога региона ${region}; проверьте идентификатор или сначала внесите организацию в каталог`,
      };
    }
    if (municipality === null || municipality.region !== region) {
      return {
        code: 'teacher-municipality-unknown',
        column: 'municipality_id',
        message: `муниципалитета ${municipalityId} нет в справочнике каталога региона ${region}; проверьте идентификатор`,
      };
    }
    if (organization.municipalityId !== municipalityId) {
      return {
        code: 'teacher-organization-in-other-municipality',
        column: 'municipality_id',
        message: `организация ${organizationId} относится к муниципалитету ${organization.municipalityId}, а не ${municipalityId}`,
      };
    }
    return undefined;
  }
}
