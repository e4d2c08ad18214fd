// Evidence of impact (issue 20), defined once: of the teachers who completed a program with a
// deficit in one of its competencies, the share whose deficit was resolved at their next diagnostic.
//
// Why scores and not DeficitFound / DeficitResolved: diagnostics' profile publishes DeficitResolved
// when a later score clears a deficit, but nothing when a later score confirms it — a teacher whose
// deficit persisted would be indistinguishable from one never diagnosed again. The scores of every
// attempt and outside result (AttemptScored, ExternalResultRecorded) carry the `deficit` flag the
// profile decides by, so the same rule reads both outcomes: the newest score of the competency
// before the completion says whether there was a deficit, the first score after it whether it
// was resolved.

/** Below this many teachers whose outcome is known, no share is given: one teacher is 20 points. */
export const TOO_FEW_TEACHERS = 5;

/** A completed course: `completedOn` is the date of the document (YYYY-MM-DD). */
export interface ImpactCompletion {
  readonly teacherId: string;
  readonly programId: string;
  readonly providerId: string;
  readonly completedOn: string;
}

/** A program's competencies (its latest revision). */
export interface ImpactProgram {
  readonly programId: string;
  readonly providerId: string;
  readonly competencies: readonly string[];
}

/** A competency scored by a diagnostic: `observedOn` is the day it was observed (YYYY-MM-DD). */
export interface ImpactScore {
  readonly teacherId: string;
  readonly competency: string;
  readonly observedOn: string;
  readonly deficit: boolean;
}

/**
 * What a completion did to the teacher's deficits in the program's competencies, best first:
 * resolved (at least one was scored without deficit at its next diagnostic), persisted (each
 * rediagnosed one was still a deficit), awaiting (a deficit, not yet diagnosed again), none (no
 * deficit in the program's competencies when the course ended: not counted).
 */
export type ImpactOutcome = 'resolved' | 'persisted' | 'awaiting' | 'none';

const RANK: Record<ImpactOutcome, number> = { resolved: 3, persisted: 2, awaiting: 1, none: 0 };

export interface ImpactShare {
  /** Teachers who completed it in the year. */
  readonly completers: number;
  /** Of them, with a deficit in one of its competencies when the course ended. */
  readonly withDeficit: number;
  /** Of those, not diagnosed again yet in that competency: not in the denominator. */
  readonly awaiting: number;
  /** Teachers with a deficit and a diagnostic since: the denominator. */
  readonly denominator: number;
  /** Of them, whose deficit was resolved at the next diagnostic. */
  readonly numerator: number;
  /** Percent, rounded to one decimal; null when there are too few to say. */
  readonly percent: number | null;
  /** Why no value is given (Russian, for people); null when `percent` is given. */
  readonly tooFew: string | null;
}

/**
 * The outcome of one completion. Scores observed on the day of completion are left out: the events
 * do not tell whether the diagnostic came before or after the course ended.
 */
export function outcomeOf(
  completion: ImpactCompletion,
  program: ImpactProgram,
  scores: readonly ImpactScore[],
): ImpactOutcome {
  let best: ImpactOutcome = 'none';
  for (const competency of program.competencies) {
    const ofCompetency = scores
      .filter((score) => score.teacherId === completion.teacherId && score.competency === competency)
      .sort((a, b) => a.observedOn.localeCompare(b.observedOn));
    const before = ofCompetency.filter((score) => score.observedOn < completion.completedOn).at(-1);
    if (before?.deficit !== true) continue;
    const next = ofCompetency.find((score) => score.observedOn > completion.completedOn);
    const outcome: ImpactOutcome = next === undefined ? 'awaiting' : next.deficit ? 'persisted' : 'resolved';
    if (RANK[outcome] > RANK[best]) best = outcome;
  }
  return best;
}

/** The share of a set of teachers' outcomes (one per teacher). */
export function shareOf(outcomes: readonly ImpactOutcome[]): ImpactShare {
  const count = (outcome: ImpactOutcome) => outcomes.filter((o) => o === outcome).length;
  const numerator = count('resolved');
  const denominator = numerator + count('persisted');
  const awaiting = count('awaiting');
  const tooFew =
    denominator < TOO_FEW_TEACHERS
      ? `слишком мало педагогов для вывода: повторную диагностику после курса с дефицитом прошли ${denominator}, нужно не менее ${TOO_FEW_TEACHERS}`
      : null;
  return {
    completers: outcomes.length,
    withDeficit: denominator + awaiting,
    awaiting,
    denominator,
    numerator,
    percent: tooFew === null ? Math.round((numerator / denominator) * 1000) / 10 : null,
    tooFew,
  };
}

export interface ProgramImpact extends ImpactShare {
  readonly programId: string;
  readonly providerId: string;
}

export interface Impact {
  /** The teachers of every program given, each once (their best outcome over the programs). */
  readonly total: ImpactShare;
  readonly programs: ProgramImpact[];
}

/**
 * Impact per program and over all of them. A teacher who completed a program twice in the period
 * counts once, with the best outcome of the two; so does a teacher in the total over several
 * programs. Completions of programs not given are ignored.
 */
export function impactOf(
  completions: readonly ImpactCompletion[],
  programs: readonly ImpactProgram[],
  scores: readonly ImpactScore[],
): Impact {
  const byTeacher = new Map<string, ImpactScore[]>();
  for (const score of scores)
    byTeacher.set(score.teacherId, [...(byTeacher.get(score.teacherId) ?? []), score]);
  const perProgram = new Map<string, Map<string, ImpactOutcome>>();
  const overall = new Map<string, ImpactOutcome>();
  const keepBest = (into: Map<string, ImpactOutcome>, teacherId: string, outcome: ImpactOutcome) => {
    const held = into.get(teacherId);
    if (held === undefined || RANK[outcome] > RANK[held]) into.set(teacherId, outcome);
  };
  const programById = new Map(programs.map((program) => [program.programId, program]));
  for (const completion of completions) {
    const program = programById.get(completion.programId);
    if (program === undefined) continue;
    const outcome = outcomeOf(completion, program, byTeacher.get(completion.teacherId) ?? []);
    const ofProgram = perProgram.get(program.programId) ?? new Map<string, ImpactOutcome>();
    perProgram.set(program.programId, ofProgram);
    keepBest(ofProgram, completion.teacherId, outcome);
    keepBest(overall, completion.teacherId, outcome);
  }
  return {
    total: shareOf([...overall.values()]),
    programs: programs.map((program) => ({
      programId: program.programId,
      providerId: program.providerId,
      ...shareOf([...(perProgram.get(program.programId)?.values() ?? [])]),
    })),
  };
}
