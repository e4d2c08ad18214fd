import {
  COMPETENCY_FRAMEWORK,
  type CompetencyCode,
  isCompetencyCode,
  type OrganizationKind,
  type Position,
  type ProgramKind,
} from '@pk/contracts';
import {
  type TeacherFacts,
  TrajectoryReadSide,
  type UncoveredDeficit,
} from '../application/trajectory-read-side';
import type { ProgramCard } from '../domain/recommend';
import { FRAMEWORK_CODES } from './program-replica.projection';

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

export type ReplicaName = 'catalog' | 'diagnostics';

/**
 * The reads the queries make, each by `_id` or an equality on indexed fields (docs/read-models.md,
 * rules 2–5): a teacher's handful of deficits, the programs covering one competency in one region,
 * a count of one competency's open deficits in one region. No `$in`, no sort, no range.
 */
export interface ReplicaDocuments {
  teacher(teacherId: string): Promise<TeacherDocument | null>;
  organization(organizationId: string): Promise<{ readonly kind: string } | null>;
  program(programId: string): Promise<ProgramDocument | null>;
  openDeficits(teacherId: string): Promise<DeficitDocument[]>;
  covering(region: string, competency: string): Promise<CoverageDocument[]>;
  anyCovering(region: string, competency: string): Promise<boolean>;
  countOpenDeficits(region: string, competency: string): Promise<number>;
  /** Throws ReplicaBehind while the replica has not handled everything published. */
  requireCaughtUp(replica: ReplicaName, what: string): Promise<void>;
}

/** The queries, over whatever holds the documents (FerretDB in the service, memory in specs). */
export class TrajectoryReplicaQueries extends TrajectoryReadSide {
  constructor(private readonly documents: ReplicaDocuments) {
    super();
  }

  async teacher(teacherId: string): Promise<TeacherFacts | null> {
    const read = async () => {
      const t = await this.documents.teacher(teacherId);
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
    return this.lookUp('diagnostics', `teacher ${teacherId}`, read);
  }

  async openDeficits(teacherId: string): Promise<CompetencyCode[]> {
    const read = async () => {
      const codes = (await this.documents.openDeficits(teacherId))
        .map((d) => d.competency)
        .filter(isCompetencyCode);
      return codes.length > 0 ? codes : null;
    };
    // a teacher without open deficits is refused a proposal: make sure none are on their way
    const codes = (await this.lookUp('diagnostics', `the deficits of teacher ${teacherId}`, read)) ?? [];
    return FRAMEWORK_CODES.filter((code) => (codes as string[]).includes(code)) as CompetencyCode[];
  }

  async organizationKind(organizationId: string): Promise<OrganizationKind | null> {
    // optional to the recommendation: an organization the replica does not hold ranks nothing
    return ((await this.documents.organization(organizationId))?.kind as OrganizationKind) ?? null;
  }

  async programsCovering(region: string, competencies: readonly CompetencyCode[]): Promise<ProgramCard[]> {
    const found = await Promise.all(competencies.map((c) => this.documents.covering(region, c)));
    const programs = new Map<string, ProgramCard>();
    for (const doc of found.flat()) {
      if (doc.covering && !programs.has(doc.programId)) programs.set(doc.programId, cardOf(doc));
    }
    return [...programs.values()];
  }

  async program(programId: string): Promise<ProgramCard | null> {
    const read = async () => {
      const p = await this.documents.program(programId);
      return p?.approved ? cardOf({ ...p, programId: p._id }) : null;
    };
    return this.lookUp('catalog', `program ${programId}`, read);
  }

  async uncoveredDeficits(region: string): Promise<UncoveredDeficit[]> {
    const rows = await Promise.all(
      (FRAMEWORK_CODES as CompetencyCode[]).map(async (competency): Promise<UncoveredDeficit | null> => {
        if (await this.documents.anyCovering(region, competency)) return null;
        const teachers = await this.documents.countOpenDeficits(region, competency);
        const name = COMPETENCY_FRAMEWORK.competencies[competency];
        return teachers > 0 ? { competency, name, teachers } : null;
      }),
    );
    return rows
      .filter((row): row is UncoveredDeficit => row !== null)
      .sort((a, b) => b.teachers - a.teachers || (a.competency < b.competency ? -1 : 1));
  }

  private async lookUp<T>(replica: ReplicaName, what: string, read: () => Promise<T | null>) {
    const found = await read();
    if (found !== null) return found;
    await this.documents.requireCaughtUp(replica, what);
    return read();
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
