import type { CompetencyCode, Subject } from '@pk/contracts';

/** An expert as the assignment sees it: specialization, home organization, status and load. */
export interface Candidate {
  readonly expertId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly subjects: readonly Subject[];
  readonly competencies: readonly CompetencyCode[];
  readonly active: boolean;
  /** Open assignments (assigned, neither scored nor withdrawn) on other cases. */
  readonly load: number;
}

/** What of a program the assignment needs. */
export interface ProgramToReview {
  readonly region: string;
  /** A provider is an organization: its staff never review its programs. */
  readonly providerId: string;
  /**
   * Every directory id of the provider's legal entity (same ИНН: its entry as an educational
   * organization, as an internship site); the provider's id alone when nothing more is known.
   */
  readonly providerEntries?: readonly string[];
  readonly subjects: readonly string[];
  readonly competencies: readonly string[];
}

export interface ExpertChoice {
  readonly program: ProgramToReview;
  readonly candidates: readonly Candidate[];
  readonly count: number;
  /** Experts who were on the case already (assigned, declined, overdue or scored). */
  readonly exclude: ReadonlySet<string> | readonly string[];
}

/** How many of the program's subjects and competencies the expert covers. */
export function specializationOverlap(program: ProgramToReview, candidate: Candidate): number {
  const subjects = new Set<string>(candidate.subjects);
  const competencies = new Set<string>(candidate.competencies);
  return (
    program.subjects.filter((s) => subjects.has(s)).length +
    program.competencies.filter((c) => competencies.has(c)).length
  );
}

/**
 * Conflict of interest: the expert's home organization is the provider's legal entity, under the
 * provider's own id or under another directory entry with the same ИНН (a college is a provider and
 * an educational organization, each with its own id). ИНН rather than a link between entries: every
 * entry carries it already and a legal entity has exactly one, while a link would have to be made by
 * hand for each import and be missing for the entry nobody linked (see the legal-entities replica).
 */
export function conflictOfInterest(
  program: Pick<ProgramToReview, 'providerId' | 'providerEntries'>,
  organizationId: string,
): boolean {
  return organizationId === program.providerId || (program.providerEntries ?? []).includes(organizationId);
}

/**
 * Whether the expert may review the program at all: active, of the program's region, not of the
 * provider's own organization (conflict of interest), not on the case before, and covering at least
 * one of its subjects or competencies. A program naming neither has nothing to match, and any
 * expert without a conflict may review it.
 */
export function isEligible(
  program: ProgramToReview,
  candidate: Candidate,
  exclude: ReadonlySet<string>,
): boolean {
  if (!candidate.active || candidate.region !== program.region) return false;
  if (conflictOfInterest(program, candidate.organizationId)) return false;
  if (exclude.has(candidate.expertId)) return false;
  const nothingToMatch = program.subjects.length === 0 && program.competencies.length === 0;
  return nothingToMatch || specializationOverlap(program, candidate) > 0;
}

/**
 * Chooses up to `count` experts for a program: among the eligible (see isEligible), fewest open
 * assignments first, so work spreads evenly; at equal load the wider specialization overlap, then the
 * expert id, so the same pool always gives the same choice (replays and retries agree). Fewer than
 * `count` when the pool has no more: the caller records the case as understaffed.
 */
export function chooseExperts({ program, candidates, count, exclude }: ExpertChoice): string[] {
  const excluded = new Set(exclude);
  const seen = new Set<string>();
  return candidates
    .filter((c) => isEligible(program, c, excluded))
    .filter((c) => !seen.has(c.expertId) && seen.add(c.expertId))
    .map((c) => ({ c, overlap: specializationOverlap(program, c) }))
    .sort(
      (a, b) =>
        a.c.load - b.c.load ||
        b.overlap - a.overlap ||
        (a.c.expertId < b.c.expertId ? -1 : a.c.expertId > b.c.expertId ? 1 : 0),
    )
    .slice(0, Math.max(0, count))
    .map(({ c }) => c.expertId);
}
