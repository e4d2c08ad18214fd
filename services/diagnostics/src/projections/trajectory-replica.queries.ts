import {
  COMPETENCY_FRAMEWORK,
  type CompetencyCode,
  isCompetencyCode,
  type OrganizationKind,
  type Position,
  type ProgramKind,
} from '@pk/contracts';
import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import type { ProgramCard } from '../domain/recommend';
import { FRAMEWORK_CODES, programReplica } from './program-replica.projection';
import { trajectoryReplicas } from './trajectory-replicas.projection';

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

export interface TeacherDocument {
  readonly _id: string;
  readonly region: string;
  readonly organizationId?: string | null;
  readonly municipalityId?: string | null;
  readonly position?: string | null;
  readonly erased: boolean;
}

export interface DeficitDocument {
  readonly _id: string;
  readonly teacherId: string;
  readonly region: string;
  readonly competency: string;
  readonly open: boolean;
}

export interface ProgramDocument {
  readonly _id: string;
  readonly region: string;
  readonly title: string;
  readonly kind: string;
  readonly hours: number;
  readonly competencies: readonly string[];
  readonly targetPositions: readonly string[];
  readonly organizationTypes: readonly string[];
  readonly voucherEligible: boolean;
  readonly approved: boolean;
}

export interface CoverageDocument {
  readonly _id: string;
  readonly programId: string;
  readonly region: string;
  readonly competency: string;
  readonly covering: boolean;
  readonly title?: string | null;
  readonly kind?: string | null;
  readonly hours?: number | null;
  readonly competencies?: readonly string[] | null;
  readonly targetPositions?: readonly string[] | null;
  readonly organizationTypes?: readonly string[] | null;
  readonly voucherEligible?: boolean | null;
}

/**
 * What trajectories know of others through their replicas (the catalog's register, the teachers'
 * records and deficits published on the diagnostics topic). Reads a decision cannot do without
 * (`teacher`, `program`, `openDeficits`) first make sure an empty answer is not a lagging replica:
 * ReplicaBehind (503, retry) while it is behind its topics. Every read is by `_id` or an equality on
 * indexed fields (docs/read-models.md, rules 2–5): a teacher's handful of deficits, the programs
 * covering one competency in one region, a count of one competency's open deficits in one region.
 */
@Injectable()
export class TrajectoryReplicas {
  constructor(
    @InjectReadModel(programReplica) private readonly catalog: ReadModelOf<typeof programReplica>,
    @InjectReadModel(trajectoryReplicas) private readonly diagnostics: ReadModelOf<typeof trajectoryReplicas>,
  ) {}

  /** The teacher, or null when it is not registered (or was erased). */
  async teacher(teacherId: string): Promise<TeacherFacts | null> {
    const read = async () => {
      const t = await this.diagnostics.collection('trajectory_teachers').findById<TeacherDocument>(teacherId);
      return t && !t.erased && t.organizationId && t.municipalityId && t.position
        ? {
            teacherId,
            region: t.region,
            organizationId: t.organizationId,
            municipalityId: t.municipalityId,
            position: t.position as Position,
          }
        : null;
    };
    return this.diagnostics.lookUp(`teacher ${teacherId}`, read);
  }

  /** The region of an erased teacher, as the replica knows it; null for any other. */
  async erasedIn(teacherId: string): Promise<string | null> {
    const t = await this.diagnostics.collection('trajectory_teachers').findById<TeacherDocument>(teacherId);
    return t?.erased ? t.region : null;
  }

  /** The competencies the teacher has an open deficit in. */
  async openDeficits(teacherId: string): Promise<CompetencyCode[]> {
    const read = async () => {
      const codes = await this.openDeficitsAsHeld(teacherId);
      return codes.length > 0 ? codes : null;
    };
    // a teacher without open deficits is refused a proposal: make sure none are on their way
    return (await this.diagnostics.lookUp(`the deficits of teacher ${teacherId}`, read)) ?? [];
  }

  /**
   * The teacher's open deficits as the replica holds them now, in the framework's order — for reads,
   * which show what is known rather than wait for a lagging replica.
   */
  async openDeficitsAsHeld(teacherId: string): Promise<CompetencyCode[]> {
    const codes = (
      await this.diagnostics
        .collection('trajectory_deficits')
        .find<DeficitDocument>({ teacherId, open: true })
    ).map((d) => d.competency);
    return FRAMEWORK_CODES.filter((code) => codes.includes(code)).filter(isCompetencyCode);
  }

  /** The kind of an organization, null when the catalog's directory does not hold it. */
  async organizationKind(organizationId: string): Promise<OrganizationKind | null> {
    // optional to the recommendation: an organization the replica does not hold ranks nothing
    const organization = await this.catalog
      .collection('trajectory_organizations')
      .findById<{ kind: string }>(organizationId);
    return (organization?.kind as OrganizationKind) ?? null;
  }

  /** The region's approved programs covering at least one of the competencies. */
  async programsCovering(region: string, competencies: readonly CompetencyCode[]): Promise<ProgramCard[]> {
    const coverage = this.catalog.collection('trajectory_program_coverage');
    const found = await Promise.all(
      competencies.map((competency) =>
        coverage.find<CoverageDocument>({ region, competency, covering: true }),
      ),
    );
    const programs = new Map<string, ProgramCard>();
    for (const doc of found.flat()) {
      if (doc.covering && !programs.has(doc.programId)) programs.set(doc.programId, cardOf(doc));
    }
    return [...programs.values()];
  }

  /** An approved program of the register, null when there is none of that id. */
  async program(programId: string): Promise<ProgramCard | null> {
    const read = async () => {
      const p = await this.catalog.collection('trajectory_programs').findById<ProgramDocument>(programId);
      return p?.approved ? cardOf({ ...p, programId: p._id }) : null;
    };
    return this.catalog.lookUp(`program ${programId}`, read);
  }

  /** The region's competencies with an open deficit that no approved program covers. */
  async uncoveredDeficits(region: string): Promise<UncoveredDeficit[]> {
    const coverage = this.catalog.collection('trajectory_program_coverage');
    const deficits = this.diagnostics.collection('trajectory_deficits');
    const rows = await Promise.all(
      (FRAMEWORK_CODES as CompetencyCode[]).map(async (competency): Promise<UncoveredDeficit | null> => {
        if (await coverage.findOne({ region, competency, covering: true }, { _id: 1 })) return null;
        const teachers = await deficits.count({ region, competency, open: true });
        const name = COMPETENCY_FRAMEWORK.competencies[competency];
        return teachers > 0 ? { competency, name, teachers } : null;
      }),
    );
    return rows
      .filter((row): row is UncoveredDeficit => row !== null)
      .sort((a, b) => b.teachers - a.teachers || (a.competency < b.competency ? -1 : 1));
  }
}

function cardOf(doc: Omit<CoverageDocument, '_id' | 'covering' | 'competency'>): ProgramCard {
  return {
    programId: doc.programId,
    region: doc.region,
    title: doc.title ?? '',
    kind: (doc.kind ?? 'advanced-training') as ProgramKind,
    hours: doc.hours ?? 0,
    competencies: (doc.competencies ?? []).filter(isCompetencyCode),
    targetPositions: (doc.targetPositions ?? []) as Position[],
    organizationTypes: (doc.organizationTypes ?? []) as OrganizationKind[],
    voucherEligible: doc.voucherEligible ?? false,
  };
}
