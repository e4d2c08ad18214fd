import { Injectable } from '@nestjs/common';
import type { CriteriaSetRef, CriterionScore, ReviewOutcome } from '@pk/contracts';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import type { Candidate } from '../../domain/assignment';
import { reviewBoard } from './review-board.projection';

export interface ExpertView {
  readonly expertId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly subjects: readonly string[];
  readonly competencies: readonly string[];
  readonly active: boolean;
}

export interface QueueItem {
  readonly caseId: string;
  readonly programId: string;
  readonly revision: number;
  readonly title: string;
  readonly kind: string;
  readonly hours: number;
  readonly assignedAt: string;
  readonly dueBy: string;
}

export interface AssignmentView {
  readonly expertId: string;
  readonly assignedAt: string;
  readonly dueBy: string;
  readonly state: 'assigned' | 'scored' | 'withdrawn';
  readonly withdrawal: { readonly reason: string; readonly comment: string } | null;
  readonly scorecard: {
    readonly criteriaSet: CriteriaSetRef;
    readonly scores: readonly CriterionScore[];
    readonly summary: string;
    readonly submittedAt: string;
  } | null;
}

export interface ReviewCaseView {
  readonly caseId: string;
  readonly programId: string;
  readonly providerId: string;
  readonly region: string;
  readonly revision: number;
  readonly title: string;
  readonly reviewersRequired: number;
  readonly criteriaSet: CriteriaSetRef;
  readonly openedAt: string;
  readonly status: 'open' | 'decided';
  readonly understaffed: boolean;
  readonly assignments: readonly AssignmentView[];
  readonly decision: {
    readonly outcome: ReviewOutcome;
    readonly score: number;
    readonly comments: readonly string[];
    readonly decidedAt: string;
  } | null;
}

/**
 * A case as its provider sees it: where it stands and, once decided, the council's decision with
 * the comments released with it. Never who reviews it nor what they scored (ADR: blind review).
 */
export interface ProviderCaseView {
  readonly caseId: string;
  readonly programId: string;
  readonly providerId: string;
  readonly region: string;
  readonly revision: number;
  readonly title: string;
  readonly openedAt: string;
  readonly status: 'open' | 'decided';
  /** Open, and fewer experts than required are on it: the case waits for experts (ждёт экспертов). */
  readonly waitingForExperts: boolean;
  readonly decision: ReviewCaseView['decision'];
}

/** What of a case its provider may see: never the reviewers, their scorecards or comments before the decision. */
export function providerCaseView(c: ReviewCaseView): ProviderCaseView {
  return {
    caseId: c.caseId,
    programId: c.programId,
    providerId: c.providerId,
    region: c.region,
    revision: c.revision,
    title: c.title,
    openedAt: c.openedAt,
    status: c.status,
    waitingForExperts: c.understaffed,
    decision: c.decision,
  };
}

export interface ProviderStatistics {
  readonly providerId: string;
  /** The provider's name in the catalog's directory; null while the replica has not seen it. */
  readonly providerName: string | null;
  readonly opened: number;
  readonly decided: number;
  readonly approved: number;
  readonly returned: number;
  readonly rejected: number;
  /** Open cases waiting for experts. */
  readonly understaffed: number;
  /** Mean days from opening to decision over the decided cases; null before the first decision. */
  readonly meanDurationDays: number | null;
}

export interface ExpertDocument {
  readonly _id: string;
  readonly region: string;
  readonly organizationId: string;
  readonly subjects: readonly string[];
  readonly competencies: readonly string[];
  readonly active: boolean;
}

export interface CaseDocument {
  readonly _id: string;
  readonly programId: string;
  readonly providerId: string;
  readonly region: string;
  readonly revision: number;
  readonly title: string;
  readonly kind: string;
  readonly hours: number;
  readonly reviewersRequired: number;
  readonly criteriaSet: CriteriaSetRef;
  readonly openedAt: string;
  readonly status: 'open' | 'decided';
  readonly outcome?: ReviewOutcome | null;
  readonly score?: number | null;
  readonly comments?: readonly string[] | null;
  readonly decidedAt?: string | null;
  readonly understaffed?: boolean | null;
  readonly staffed?: number | null;
  readonly retryAt?: string | null;
}

/** An open case waiting for experts, as the ministry's list shows it. */
export interface UnderstaffedCaseView {
  readonly caseId: string;
  readonly programId: string;
  readonly providerId: string;
  readonly revision: number;
  readonly title: string;
  readonly openedAt: string;
  /** Experts on the case (assigned or scored) when the staffing last found too few. */
  readonly staffed: number;
  readonly reviewersRequired: number;
  /** When the case tries again by itself (it also does whenever an expert joins the pool). */
  readonly retryAt: string | null;
}

export interface AssignmentDocument {
  readonly _id: string;
  readonly caseId: string;
  readonly programId: string;
  readonly region: string;
  readonly expertId: string;
  readonly assignedAt: string;
  readonly dueBy: string;
  readonly state: 'assigned' | 'scored' | 'withdrawn';
  readonly open: boolean;
  readonly reason?: string | null;
  readonly comment?: string | null;
  readonly scorecard?: {
    readonly criteriaSet: CriteriaSetRef;
    readonly scores: readonly CriterionScore[];
    readonly summary: string;
    readonly submittedAt: string;
  } | null;
}

const DAY_MS = 86_400_000;

/**
 * What the service knows of its own experts and cases through its read model (a projection of its
 * own topic): the pool a decision chooses from, and what people query. Every read is an `_id`
 * lookup or an equality on indexed fields (docs/read-models.md, rules 2–5): a screen's worth of
 * documents, never a sort or `$in` over many.
 */
@Injectable()
export class ReviewBoard {
  constructor(@InjectReadModel(reviewBoard) private readonly model: ReadModelOf<typeof reviewBoard>) {}

  /**
   * The region's experts with their open loads. When the pool read is not `enough` for the
   * decision, the read model is first made sure to be caught up (ReplicaBehind otherwise), so a case
   * is never understaffed only because the model lagged.
   */
  async candidates(region: string, enough: (pool: readonly Candidate[]) => boolean): Promise<Candidate[]> {
    const pool = await this.pool(region);
    if (enough(pool)) return pool;
    await this.model.requireCaughtUp(`the expert pool of region ${region}`);
    return this.pool(region);
  }

  private async pool(region: string): Promise<Candidate[]> {
    const [experts, open] = await Promise.all([
      this.model.collection('experts').find<ExpertDocument>({ region }),
      this.model.collection('assignments').find<AssignmentDocument>({ region, open: true }),
    ]);
    const load = new Map<string, number>();
    for (const a of open) load.set(a.expertId, (load.get(a.expertId) ?? 0) + 1);
    return experts.map((e) => ({
      expertId: e._id,
      region: e.region,
      organizationId: e.organizationId,
      subjects: [...e.subjects] as Candidate['subjects'],
      competencies: [...e.competencies] as Candidate['competencies'],
      active: e.active,
      load: load.get(e._id) ?? 0,
    }));
  }

  /** The open cases of a region waiting for experts (one equality read on an indexed pair). */
  async understaffedCases(region: string): Promise<UnderstaffedCaseView[]> {
    const cases = await this.model.collection('cases').find<CaseDocument>({ region, understaffed: true });
    return cases
      .filter((c) => c.status === 'open')
      .map((c) => ({
        caseId: c._id,
        programId: c.programId,
        providerId: c.providerId,
        revision: c.revision,
        title: c.title,
        openedAt: c.openedAt,
        staffed: c.staffed ?? 0,
        reviewersRequired: c.reviewersRequired,
        retryAt: c.retryAt ?? null,
      }))
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.caseId.localeCompare(b.caseId));
  }

  /** How many cases of every region wait for experts: the service's health detail. */
  understaffedCount(): Promise<number> {
    return this.model.collection('cases').count({ understaffed: true });
  }

  /**
   * The expert's open assignments; with `caughtUp`, read from a model that has caught up with the
   * topic first (ReplicaBehind otherwise): a deactivation should withdraw every one of them.
   */
  async openAssignmentsOf(
    expertId: string,
    { caughtUp }: { caughtUp: boolean },
  ): Promise<{ caseId: string }[]> {
    if (caughtUp) await this.model.requireCaughtUp(`the open assignments of expert ${expertId}`);
    const open = await this.model
      .collection('assignments')
      .find<AssignmentDocument>({ expertId, open: true });
    return open.map((a) => ({ caseId: a.caseId }));
  }

  async expert(expertId: string): Promise<ExpertView | null> {
    const e = await this.model.collection('experts').findById<ExpertDocument>(expertId);
    return e
      ? {
          expertId: e._id,
          region: e.region,
          organizationId: e.organizationId,
          subjects: [...e.subjects],
          competencies: [...e.competencies],
          active: e.active,
        }
      : null;
  }

  async queue(expertId: string): Promise<QueueItem[]> {
    const open = await this.model
      .collection('assignments')
      .find<AssignmentDocument>({ expertId, open: true });
    // An expert's open assignments are a handful: one point read per case, no $in.
    const items = await Promise.all(
      open.map(async (a) => {
        const c = await this.model.collection('cases').findById<CaseDocument>(a.caseId);
        if (!c || c.status !== 'open') return null;
        return {
          caseId: a.caseId,
          programId: a.programId,
          revision: c.revision,
          title: c.title,
          kind: c.kind,
          hours: c.hours,
          assignedAt: a.assignedAt,
          dueBy: a.dueBy,
        };
      }),
    );
    return items.filter((i): i is QueueItem => i !== null).sort((a, b) => a.dueBy.localeCompare(b.dueBy));
  }

  async programReviews(programId: string): Promise<ReviewCaseView[]> {
    const cases = await this.model.collection('cases').find<CaseDocument>({ programId });
    const views = await Promise.all(
      cases.map(async (c) => {
        const assignments = (
          await this.model.collection('assignments').find<AssignmentDocument>({ caseId: c._id })
        ).sort((a, b) => a.assignedAt.localeCompare(b.assignedAt) || a.expertId.localeCompare(b.expertId));
        const staffed = assignments.filter((a) => a.state !== 'withdrawn').length;
        return {
          caseId: c._id,
          programId: c.programId,
          providerId: c.providerId,
          region: c.region,
          revision: c.revision,
          title: c.title,
          reviewersRequired: c.reviewersRequired,
          criteriaSet: { id: c.criteriaSet.id, version: c.criteriaSet.version },
          openedAt: c.openedAt,
          status: c.status,
          // documents projected before the flag existed: counted from the assignments
          understaffed: c.status === 'open' && (c.understaffed ?? staffed < c.reviewersRequired),
          assignments: assignments.map(assignmentView),
          decision:
            c.status === 'decided' && c.outcome && c.decidedAt
              ? {
                  outcome: c.outcome,
                  score: c.score ?? 0,
                  comments: [...(c.comments ?? [])],
                  decidedAt: c.decidedAt,
                }
              : null,
        };
      }),
    );
    return views.sort((a, b) => a.revision - b.revision);
  }

  async councilStatistics(region: string): Promise<Omit<ProviderStatistics, 'providerName'>[]> {
    // A region's cases, one document each, added up here: per-provider counters written from many
    // case streams would lose updates (FerretDB has no atomic read-modify-write across writers).
    const byProvider = new Map<string, Omit<ProviderStatistics, 'providerName'> & { days: number }>();
    for (const c of await this.model.collection('cases').find<CaseDocument>({ region })) {
      const s = byProvider.get(c.providerId) ?? {
        providerId: c.providerId,
        opened: 0,
        decided: 0,
        approved: 0,
        returned: 0,
        rejected: 0,
        understaffed: 0,
        meanDurationDays: null,
        days: 0,
      };
      const decided = c.status === 'decided' && c.outcome && c.decidedAt;
      byProvider.set(c.providerId, {
        ...s,
        opened: s.opened + 1,
        decided: s.decided + (decided ? 1 : 0),
        approved: s.approved + (decided && c.outcome === 'approved' ? 1 : 0),
        returned: s.returned + (decided && c.outcome === 'returned' ? 1 : 0),
        rejected: s.rejected + (decided && c.outcome === 'rejected' ? 1 : 0),
        understaffed: s.understaffed + (c.status === 'open' && c.understaffed ? 1 : 0),
        days: s.days + (decided ? (Date.parse(c.decidedAt!) - Date.parse(c.openedAt)) / DAY_MS : 0),
      });
    }
    return [...byProvider.values()]
      .map(({ days, ...s }) => ({
        ...s,
        meanDurationDays: s.decided === 0 ? null : Math.round((days / s.decided) * 100) / 100,
      }))
      .sort((a, b) => a.providerId.localeCompare(b.providerId));
  }
}

function assignmentView(a: AssignmentDocument): AssignmentView {
  return {
    expertId: a.expertId,
    assignedAt: a.assignedAt,
    dueBy: a.dueBy,
    state: a.state,
    withdrawal: a.state === 'withdrawn' ? { reason: a.reason ?? '', comment: a.comment ?? '' } : null,
    scorecard: a.scorecard
      ? {
          criteriaSet: { id: a.scorecard.criteriaSet.id, version: a.scorecard.criteriaSet.version },
          scores: a.scorecard.scores.map(({ criterion, score, comment }) => ({ criterion, score, comment })),
          summary: a.scorecard.summary,
          submittedAt: a.scorecard.submittedAt,
        }
      : null,
  };
}
