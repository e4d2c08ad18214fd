import { Injectable } from '@nestjs/common';
import type { CatalogEvent, DiagnosticsEvent } from '@pk/contracts';
import { InjectReadModel, type ReadModel } from '@pk/service-runtime';
import { programReplica } from './program-replica.projection';
import {
  type CoverageDocument,
  type DeficitDocument,
  type ProgramDocument,
  type ReplicaDocuments,
  type TeacherDocument,
  TrajectoryReplicaQueries,
} from './trajectory-replica.queries';
import { trajectoryReplicas } from './trajectory-replicas.projection';

/** The trajectories' replicas on the service's read store (FerretDB here, MongoDB in production). */
@Injectable()
export class MongoTrajectoryReplicas extends TrajectoryReplicaQueries {
  constructor(
    @InjectReadModel(programReplica)
    catalog: ReadModel<CatalogEvent, typeof programReplica.collections>,
    @InjectReadModel(trajectoryReplicas)
    diagnostics: ReadModel<DiagnosticsEvent, typeof trajectoryReplicas.collections>,
  ) {
    const documents: ReplicaDocuments = {
      teacher: async (teacherId) =>
        (await diagnostics.model('trajectory_teachers').findById(teacherId).lean()) as TeacherDocument | null,
      organization: async (organizationId) =>
        (await catalog.model('trajectory_organizations').findById(organizationId).lean()) as {
          kind: string;
        } | null,
      program: async (programId) =>
        (await catalog.model('trajectory_programs').findById(programId).lean()) as ProgramDocument | null,
      openDeficits: async (teacherId) =>
        (await diagnostics
          .model('trajectory_deficits')
          .find({ teacherId, open: true })
          .lean()) as DeficitDocument[],
      covering: async (region, competency) =>
        (await catalog
          .model('trajectory_program_coverage')
          .find({ region, competency, covering: true })
          .lean()) as CoverageDocument[],
      anyCovering: async (region, competency) =>
        (await catalog
          .model('trajectory_program_coverage')
          .findOne({ region, competency, covering: true }, { _id: 1 })
          .lean()) !== null,
      countOpenDeficits: (region, competency) =>
        diagnostics.model('trajectory_deficits').countDocuments({ region, competency, open: true }),
      requireCaughtUp: (replica, what) =>
        (replica === 'catalog' ? catalog : diagnostics).requireCaughtUp(what),
    };
    super(documents);
  }
}
