import { TestClock } from '@pk/test-kit';
import type { ReplayProgress } from './ledger-replay';
import { FINISHED_JOBS_KEPT, type ReplayRunner, ReplayJobs } from './replay-jobs';
import type { ReplayReport } from './voucher-audit';

/** A replay that reports progress and then waits until the spec lets it finish (or fail). */
class HeldReplay implements ReplayRunner {
  private release: Array<(outcome: ReplayReport | Error) => void> = [];
  readonly calls: string[] = [];

  vouchersInReadModel(): Promise<number> {
    return Promise.resolve(3);
  }

  replay(
    region: string,
    options: { onReplay?: (p: ReplayProgress) => void; onCompare?: (done: number, all: number) => void },
  ): Promise<ReplayReport> {
    this.calls.push(region);
    options.onReplay?.({ read: 2_000, replayed: 40, vouchers: 2 });
    return new Promise((resolve, reject) => {
      this.release.push((outcome) => {
        if (outcome instanceof Error) return reject(outcome);
        options.onCompare?.(6, 6);
        resolve(outcome);
      });
    });
  }

  finish(outcome: ReplayReport | Error) {
    this.release.shift()!(outcome);
  }
}

const report = (region: string, differenceCount = 0): ReplayReport => ({
  region,
  year: null,
  at: null,
  eventsRead: 2_500,
  eventsReplayed: 55,
  vouchers: 3,
  compared: true,
  years: [],
  differenceCount,
  differences: [],
});

describe('replay jobs', () => {
  const clock = new TestClock(new Date('2026-05-01T09:00:00Z'));
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('runs one job per region at a time: a second start answers with the running one', async () => {
    const runner = new HeldReplay();
    const jobs = new ReplayJobs(runner, clock);
    const first = jobs.start('63', {}, 'auditor-a');
    const second = jobs.start('63', { year: 2026 }, 'auditor-b');
    const elsewhere = jobs.start('52', {}, 'auditor-c');
    expect(first.started).toBe(true);
    expect(second).toEqual({ job: first.job, started: false });
    expect(elsewhere.started).toBe(true);
    await tick();
    expect(runner.calls).toEqual(['63', '52']);

    runner.finish(report('63'));
    await jobs.settled('63');
    const third = jobs.start('63', {}, 'auditor-b');
    expect(third.started).toBe(true);
    expect(third.job.jobId).not.toBe(first.job.jobId);
  });

  it('tells the progress while it runs, and the report once done', async () => {
    const runner = new HeldReplay();
    const jobs = new ReplayJobs(runner, clock);
    const { job } = jobs.start('63', {}, 'auditor-a');
    await tick();
    expect(jobs.get(job.jobId)).toMatchObject({
      status: 'running',
      report: null,
      progress: { phase: 'replaying', eventsRead: 2_000, vouchersRecomputed: 2, vouchersTotal: 3 },
    });
    runner.finish(report('63', 2));
    await jobs.settled('63');
    expect(jobs.get(job.jobId)).toMatchObject({
      status: 'done',
      finishedAt: '2026-05-01T09:00:00.000Z',
      progress: { phase: 'finished', eventsRead: 2_500, vouchersRecomputed: 3, collectionsCompared: 6 },
      report: { differenceCount: 2 },
    });
  });

  it('says why a job failed, and lets the region start another', async () => {
    const runner = new HeldReplay();
    const jobs = new ReplayJobs(runner, clock);
    const { job } = jobs.start('63', {}, 'auditor-a');
    await tick();
    runner.finish(new Error('connection terminated'));
    await jobs.settled('63');
    expect(jobs.get(job.jobId)).toMatchObject({
      status: 'failed',
      report: null,
      error: 'сверка прервана: connection terminated',
    });
    expect(jobs.start('63', {}, 'auditor-a').started).toBe(true);
  });

  it(`keeps the last ${FINISHED_JOBS_KEPT} finished jobs of a region`, async () => {
    const runner = new HeldReplay();
    const jobs = new ReplayJobs(runner, clock);
    const ids: string[] = [];
    for (let i = 0; i <= FINISHED_JOBS_KEPT; i++) {
      ids.push(jobs.start('63', {}, 'auditor-a').job.jobId);
      await tick();
      runner.finish(report('63'));
      await jobs.settled('63');
    }
    expect(jobs.get(ids[0]!)).toBeUndefined();
    expect(ids.slice(1).every((id) => jobs.get(id)?.status === 'done')).toBe(true);
  });
});
