import { Injectable } from '@nestjs/common';
import {
  type CompetencyCode,
  COMPETENCY_FRAMEWORK,
  type DeficitSource,
  type TeacherPlace,
} from '@pk/contracts';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import { competencyName, FRAMEWORK_VERSION } from '../domain/framework';
import { type CurrentScore, isNewest } from '../domain/profile.decider';
import { teacherProfiles } from './profile.projection';

export interface ResultDocument {
  readonly _id: string;
  readonly kind: 'attempt' | 'external-result';
  readonly campaignId: string | null;
  readonly source: DeficitSource | null;
  readonly observedAt: string;
  readonly scores: readonly { competency: string; score: number; deficit: boolean }[];
}

export interface CampaignDocument {
  readonly _id: string;
  readonly region: string;
  readonly kind: 'yearly-monitoring' | 'self-diagnostics';
  readonly year: number;
  readonly opensOn: string;
  readonly closesOn: string;
  readonly open: boolean;
}

export interface DeficitDocument {
  readonly competency: string;
  readonly foundBy: string;
  readonly source: DeficitSource;
}

export interface DeficitFilter {
  readonly region: string;
  readonly municipalityId?: string;
  readonly organizationId?: string;
}

const ALL_COMPETENCIES = Object.keys(COMPETENCY_FRAMEWORK.competencies) as CompetencyCode[];
const named = (code: string) => ({ competency: code, name: competencyName(code as CompetencyCode) });

/**
 * A teacher's profile from its documents: the newest score per competency (the profile decider's
 * rule), the open deficits, and the change between the yearly monitoring of `year` (by default the
 * latest the teacher took part in) and the year before.
 */
export function buildProfile(
  teacher: TeacherPlace,
  results: readonly ResultDocument[],
  campaigns: readonly CampaignDocument[],
  deficits: readonly DeficitDocument[],
  year?: number,
) {
  const campaignOf = new Map(campaigns.map((c) => [c._id, c]));
  const sourceOf = (r: ResultDocument): DeficitSource =>
    r.source ??
    (r.campaignId && campaignOf.get(r.campaignId)?.kind === 'yearly-monitoring'
      ? 'monitoring'
      : 'self-diagnostics');
  const ordered = [...results].sort(
    (a, b) => a.observedAt.localeCompare(b.observedAt) || a._id.localeCompare(b._id),
  );

  const current = new Map<string, CurrentScore>();
  for (const r of ordered) {
    for (const s of r.scores) {
      if (isNewest(current.get(s.competency), r.observedAt)) {
        current.set(s.competency, {
          score: s.score,
          deficit: s.deficit,
          observedAt: r.observedAt,
          source: sourceOf(r),
          evidenceId: r._id,
        });
      }
    }
  }

  // the newest monitoring score per year and competency
  const byYear = new Map<number, Map<string, number>>();
  for (const r of ordered) {
    const c = r.campaignId ? campaignOf.get(r.campaignId) : undefined;
    if (r.kind !== 'attempt' || c?.kind !== 'yearly-monitoring') continue;
    const scores = byYear.get(c.year) ?? new Map<string, number>();
    for (const s of r.scores) scores.set(s.competency, s.score);
    byYear.set(c.year, scores);
  }
  const reported = year ?? Math.max(...byYear.keys());
  const now = byYear.get(reported);
  const before = byYear.get(reported - 1);
  const codes = ALL_COMPETENCIES.filter((c) => now?.has(c) || before?.has(c));

  return {
    teacherId: teacher.teacherId,
    region: teacher.region,
    frameworkVersion: FRAMEWORK_VERSION,
    current: ALL_COMPETENCIES.filter((c) => current.has(c)).map((c) => ({ ...named(c), ...current.get(c)! })),
    openDeficits: deficits
      .map((d) => ({ ...named(d.competency), foundBy: d.foundBy, source: d.source }))
      .sort(
        (a, b) =>
          ALL_COMPETENCIES.indexOf(a.competency as CompetencyCode) -
          ALL_COMPETENCIES.indexOf(b.competency as CompetencyCode),
      ),
    sinceLastYear:
      byYear.size === 0 && year === undefined
        ? null
        : {
            year: reported,
            previousYear: reported - 1,
            competencies: codes.map((c) => {
              const score = now?.get(c) ?? null;
              const previousScore = before?.get(c) ?? null;
              return {
                ...named(c),
                score,
                previousScore,
                change: score !== null && previousScore !== null ? score - previousScore : null,
              };
            }),
          },
  };
}

/** Per competency of the framework, how many teachers of the filter have it as an open deficit. */
export function deficitMap(filter: DeficitFilter, open: readonly { competency: string }[]) {
  const counts = new Map<string, number>();
  for (const d of open) counts.set(d.competency, (counts.get(d.competency) ?? 0) + 1);
  return {
    ...filter,
    frameworkVersion: FRAMEWORK_VERSION,
    competencies: ALL_COMPETENCIES.map((c) => ({ ...named(c), teachers: counts.get(c) ?? 0 })),
  };
}

/** What the teacher-profiles read model answers. */
@Injectable()
export class ProfileQueries {
  constructor(
    @InjectReadModel(teacherProfiles) private readonly readModel: ReadModelOf<typeof teacherProfiles>,
  ) {}

  async profile(teacher: TeacherPlace, year?: number) {
    const [results, deficits] = await Promise.all([
      this.readModel.collection('results').find<ResultDocument>({ teacherId: teacher.teacherId }),
      this.readModel
        .collection('deficits')
        .find<DeficitDocument>({ teacherId: teacher.teacherId, open: true }),
    ]);
    const ids = [...new Set(results.map((r) => r.campaignId).filter((id): id is string => !!id))];
    // a teacher takes part in a campaign or two a year: a point read each
    const campaigns = await Promise.all(
      ids.map((id) => this.readModel.collection('campaigns').findById<CampaignDocument>(id)),
    );
    return buildProfile(
      teacher,
      results,
      campaigns.filter((c) => c !== null),
      deficits,
      year,
    );
  }

  async campaigns(region: string) {
    const found = await this.readModel.collection('campaigns').find<CampaignDocument>({ region });
    return found
      .map(({ _id, region: r, kind, year, opensOn, closesOn, open }) => ({
        campaignId: _id,
        region: r,
        kind,
        year,
        opensOn,
        closesOn,
        open,
      }))
      .sort((a, b) => b.opensOn.localeCompare(a.opensOn) || a.campaignId.localeCompare(b.campaignId));
  }

  /**
   * One equality query on indexed fields, decoding only the open deficits of the filter (the
   * region's, a municipality's or an organization's) and counting them here: no `$group`.
   */
  async deficits(filter: DeficitFilter) {
    const query: Record<string, unknown> = { region: filter.region, open: true };
    if (filter.municipalityId) query.municipalityId = filter.municipalityId;
    if (filter.organizationId) query.organizationId = filter.organizationId;
    const open = await this.readModel
      .collection('deficits')
      .find<{ competency: string }>(query, { fields: { competency: 1 } });
    return deficitMap(filter, open);
  }
}
