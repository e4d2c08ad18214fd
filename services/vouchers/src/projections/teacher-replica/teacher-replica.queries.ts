import { Injectable } from '@nestjs/common';
import type { OrganizationKind, Position, Subject } from '@pk/contracts';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import type { TeacherFacts } from '../../domain/allotment.decider';
import { categoryOf } from '../../domain/entitlement';
import { DomainError } from '@pk/kernel';
import { catalogReplica } from '../catalog-replica/catalog-replica.projection';
import { teacherReplica } from './teacher-replica.projection';

interface TeacherDocument {
  readonly _id: string;
  readonly region: string;
  readonly organizationId: string | null;
  readonly municipalityId: string | null;
  readonly position: Position | null;
  readonly subjects: Subject[];
  readonly workProfile: string;
  readonly erased: boolean;
}

/** What vouchers knows of a teacher: diagnostics' record, and the kind of their organization from the catalog. */
@Injectable()
export class TeacherReplica {
  constructor(
    @InjectReadModel(teacherReplica) private readonly teachers: ReadModelOf<typeof teacherReplica>,
    @InjectReadModel(catalogReplica) private readonly catalog: ReadModelOf<typeof catalogReplica>,
  ) {}

  /**
   * The teacher's facts, or null for a teacher diagnostics never published, erased, or of another
   * region. While a replica is behind, ReplicaBehind (503, or a wait in a reaction): a voucher is never
   * refused because a fact had not arrived yet.
   */
  async teacher(teacherId: string, region: string): Promise<TeacherFacts | null> {
    const found = await this.teachers.lookUp(`teacher ${teacherId}`, () =>
      this.teachers.collection('replica_teachers').findById<TeacherDocument>(teacherId),
    );
    if (!found || found.erased || found.region !== region || !found.position) return null;
    if (!found.organizationId || !found.municipalityId) return null;
    const organization = await this.catalog.lookUp(`organization ${found.organizationId}`, () =>
      this.catalog
        .collection('replica_organizations')
        .findById<{ _id: string; region: string; kind: OrganizationKind }>(found.organizationId!),
    );
    return {
      teacherId,
      region: found.region,
      municipalityId: found.municipalityId,
      organizationId: found.organizationId,
      position: found.position,
      organizationKind: organization?.kind ?? null,
      subjects: found.subjects,
      workProfile: found.workProfile,
    };
  }

  /**
   * The teachers of a region (or of one of its municipalities) the seed gives a voucher: what a bulk
   * issue of "every eligible teacher" lists. Two equality reads on indexed fields, ordered by id.
   */
  async eligible(region: string, municipalityId?: string): Promise<string[]> {
    const filter = municipalityId === undefined ? { region } : { region, municipalityId };
    const [teachers, organizations] = await Promise.all([
      this.teachers.collection('replica_teachers').find<TeacherDocument>(filter, { sort: { _id: 1 } }),
      this.catalog
        .collection('replica_organizations')
        .find<{ _id: string; kind: OrganizationKind }>({ region }),
    ]);
    const kinds = new Map(organizations.map((o) => [o._id, o.kind]));
    return teachers.flatMap((t) => {
      const kind = t.organizationId ? kinds.get(t.organizationId) : undefined;
      if (t.erased || !t.position || !kind) return [];
      return categoryOf(t.position, kind) instanceof DomainError ? [] : [t._id];
    });
  }
}
