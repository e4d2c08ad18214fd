import { type Answer, type CompetencyTest, TEACHER_CORE_V1 } from '../src/domain/instruments';

/**
 * For specs: answers to a test, right everywhere except `wrong[competency]` items of the competencies
 * named, so a spec plants the deficits it expects.
 */
export function answersFor(
  test: CompetencyTest = TEACHER_CORE_V1,
  wrong: Record<string, number> = {},
): Answer[] {
  const left = { ...wrong };
  return test.items.map((i) => {
    if ((left[i.competency] ?? 0) > 0) {
      left[i.competency]! -= 1;
      return { item: i.id, answer: Object.keys(i.options).find((o) => o !== i.correct)! };
    }
    return { item: i.id, answer: i.correct };
  });
}
