import type { CompetencyCode, OrganizationKind, Position } from '@pk/contracts';
import type { ProgramCard } from '../domain/recommend';

/** A teacher as the trajectories' replica of the teacher records holds it. */
export interface TeacherFacts {
  readonly teacherId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly municipalityId: string;
  readonly position: Position;
}

export interface UncoveredDeficit {
  readonly competency: CompetencyCode;
  /** The competency's name in the framework, for people reading the report. */
  readonly name: string;
  /** Teachers of the region with an open deficit in it. */
  readonly teachers: number;
}

/**
 * What trajectories know of others through their replicas (the catalog's register, the teachers'
 * records and deficits published on the diagnostics topic). A port, so the part runs on FerretDB in
 * the service and on the same projections in memory in fast specs. Reads a decision cannot do
 * without (`teacher`, `program`, `openDeficits`) first make sure an empty answer is not a lagging
 * replica: ReplicaBehind (503, retry) while it is behind its topics.
 */
export abstract class TrajectoryReadSide {
  /** The teacher, or null when it is not registered (or was erased). */
  abstract teacher(teacherId: string): Promise<TeacherFacts | null>;
  /** The competencies the teacher has an open deficit in. */
  abstract openDeficits(teacherId: string): Promise<CompetencyCode[]>;
  /** The kind of an organization, null when the catalog's directory does not hold it. */
  abstract organizationKind(organizationId: string): Promise<OrganizationKind | null>;
  /** The region's approved programs covering at least one of the competencies. */
  abstract programsCovering(region: string, competencies: readonly CompetencyCode[]): Promise<ProgramCard[]>;
  /** An approved program of the register, null when there is none of that id. */
  abstract program(programId: string): Promise<ProgramCard | null>;
  /** The region's competencies with an open deficit that no approved program covers. */
  abstract uncoveredDeficits(region: string): Promise<UncoveredDeficit[]>;
}
