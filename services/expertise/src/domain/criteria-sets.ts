import type { CriteriaSetRef, CriterionScore } from '@pk/contracts';
import { DomainError } from '@pk/kernel';

/** One criterion of a criteria set: a stable id for data, a Russian name for people. */
export interface Criterion {
  readonly id: string;
  readonly name: string;
}

/**
 * The criteria a revision is scored against. Versioned data: a published version never changes
 * (cases and scorecards name `{id, version}` and are read against that version for ever); a change
 * of wording or criteria is a new version, and new cases take the current one.
 */
export interface CriteriaSet extends CriteriaSetRef {
  readonly name: string;
  readonly criteria: readonly Criterion[];
}

/** Scores run 0 absent, 1 weak, 2 adequate, 3 strong. */
export const MAX_SCORE = 3;

export const CRITERIA_SETS: readonly CriteriaSet[] = [
  {
    id: 'program-review',
    version: 1,
    name: 'Экспертиза дополнительной профессиональной программы',
    criteria: [
      {
        id: 'relevance',
        name: 'Актуальность: соответствие потребностям региона и профессиональным стандартам',
      },
      { id: 'practice-orientation', name: 'Практическая направленность' },
      { id: 'planned-results', name: 'Ясность планируемых результатов обучения' },
      { id: 'assessment-materials', name: 'Оценочные материалы' },
      { id: 'staffing-and-resources', name: 'Кадровое и ресурсное обеспечение' },
    ],
  },
];

/** What a new case is scored against. */
export const CURRENT_CRITERIA_SET: CriteriaSetRef = { id: 'program-review', version: 1 };

export function criteriaSetOf(ref: CriteriaSetRef): CriteriaSet | undefined {
  return CRITERIA_SETS.find((set) => set.id === ref.id && set.version === ref.version);
}

/**
 * Checks a scorecard against its case's criteria set: exactly one score per criterion, none
 * unknown. Refuses naming the criterion, so an expert's client can point at it.
 */
export function checkScores(ref: CriteriaSetRef, scores: readonly CriterionScore[]): CriteriaSet {
  const set = criteriaSetOf(ref);
  if (!set) {
    throw new DomainError('criteria-set-unknown', `набор критериев ${ref.id} v${ref.version} неизвестен`);
  }
  const known = new Set(set.criteria.map((c) => c.id));
  const seen = new Set<string>();
  for (const { criterion, score } of scores) {
    if (!known.has(criterion)) {
      throw new DomainError(
        'criterion-unknown',
        `критерия ${criterion} нет в наборе ${set.id} v${set.version}`,
      );
    }
    if (seen.has(criterion)) {
      throw new DomainError('criterion-repeated', `критерий ${criterion} оценён больше одного раза`);
    }
    if (!Number.isInteger(score) || score < 0 || score > MAX_SCORE) {
      throw new DomainError(
        'score-out-of-range',
        `критерий ${criterion}: оценка ${score} вне диапазона 0…${MAX_SCORE}`,
      );
    }
    seen.add(criterion);
  }
  const missing = set.criteria.filter((c) => !seen.has(c.id)).map((c) => c.id);
  if (missing.length > 0) {
    throw new DomainError(
      'criterion-missing',
      `в наборе ${set.id} v${set.version} не оценены критерии: ${missing.join(', ')}`,
    );
  }
  return set;
}
