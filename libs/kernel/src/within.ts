/**
 * The work's outcome, or `late` when `ms` pass first (the work goes on, unwatched); the timer never
 * outlives the answer. A caller that must not fail catches the work's failure itself.
 */
export function within<T, L>(work: Promise<T>, ms: number, late: L): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<L>((resolve) => (timer = setTimeout(() => resolve(late), ms))),
  ]).finally(() => clearTimeout(timer));
}
