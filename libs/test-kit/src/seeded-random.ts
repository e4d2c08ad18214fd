/**
 * A small deterministic generator (a linear congruential one): the same data at every run of a
 * benchmark or spec from the same seed, so figures compare between runs.
 */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  /** Between `min` and `max` picks, without repeats (so possibly fewer than `min` on a short list). */
  const some = <T>(list: readonly T[], min: number, max: number) => {
    const count = min + Math.floor(next() * (max - min + 1));
    return [...new Set(Array.from({ length: count }, () => pick(list)))];
  };
  return { next, pick, some };
}
