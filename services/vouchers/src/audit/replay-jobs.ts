import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Clock } from '@pk/kernel';
import type { ReplayProgress } from './ledger-replay';
import type { ReplayReport } from './voucher-audit';

// The auditor's region-wide replay as a job: it reads the whole event store and takes minutes for a
// region, longer than a request should wait (and than proxies let it). A job is started, runs in this
// process, and is read by id: its progress while it runs, its report once done. Read-only like the
// replay itself: nothing is written anywhere but this registry in memory.

export type ReplayJobStatus = 'running' | 'done' | 'failed';

export interface ReplayJobProgress {
  /** replaying: reading the event store; comparing: reading the read model; finished. */
  phase: 'replaying' | 'comparing' | 'finished';
  eventsRead: number;
  /** Of the events read, the region's events the ledger reads. */
  eventsReplayed: number;
  vouchersRecomputed: number;
  /** The region's vouchers in the read model when the job started: what vouchersRecomputed goes to. */
  vouchersTotal: number | null;
  collectionsCompared: number;
  collectionsToCompare: number;
}

export interface ReplayJob {
  readonly jobId: string;
  readonly region: string;
  readonly year: number | null;
  readonly at: string | null;
  readonly startedBy: string;
  readonly startedAt: string;
  status: ReplayJobStatus;
  finishedAt: string | null;
  progress: ReplayJobProgress;
  /** The replay's report (its differences) once done; null before. */
  report: ReplayReport | null;
  /** Why it failed (Russian); null unless failed. */
  error: string | null;
}

export interface ReplayRunner {
  replay(
    region: string,
    options: {
      year?: number;
      at?: Date;
      onReplay?: (progress: ReplayProgress) => void;
      onCompare?: (compared: number, total: number) => void;
    },
  ): Promise<ReplayReport>;
  vouchersInReadModel(region: string, year?: number): Promise<number>;
}

/** Finished jobs kept per region for their reports to be read; the oldest go first. */
export const FINISHED_JOBS_KEPT = 10;

/**
 * Replay jobs of this process, one running per region at a time: a second start while one runs answers
 * with the running one (two replays of a region read the same store twice and report the same thing).
 * Kept in memory: a restart loses them — harmless for a read-only job, which is started again.
 */
export class ReplayJobs {
  private readonly logger = new Logger('audit-replay');
  private readonly jobs = new Map<string, ReplayJob>();
  private readonly running = new Map<string, { job: ReplayJob; done: Promise<void> }>();

  constructor(
    private readonly runner: ReplayRunner,
    private readonly clock: Clock,
  ) {}

  /** Starts a replay of the region unless one runs; `started` says which. */
  start(
    region: string,
    options: { year?: number; at?: Date },
    startedBy: string,
  ): { job: ReplayJob; started: boolean } {
    const current = this.running.get(region);
    if (current) return { job: current.job, started: false };
    const job: ReplayJob = {
      jobId: randomUUID(),
      region,
      year: options.year ?? null,
      at: options.at?.toISOString() ?? null,
      startedBy,
      startedAt: this.clock.now().toISOString(),
      status: 'running',
      finishedAt: null,
      progress: {
        phase: 'replaying',
        eventsRead: 0,
        eventsReplayed: 0,
        vouchersRecomputed: 0,
        vouchersTotal: null,
        collectionsCompared: 0,
        collectionsToCompare: 0,
      },
      report: null,
      error: null,
    };
    this.jobs.set(job.jobId, job);
    const done = this.run(job, options).finally(() => {
      this.running.delete(region);
      this.forgetOldJobs(region);
    });
    this.running.set(region, { job, done });
    return { job, started: true };
  }

  get(jobId: string): ReplayJob | undefined {
    return this.jobs.get(jobId);
  }

  /** Resolves when the region's running job (if any) has finished: for shutdown and specs. */
  async settled(region: string): Promise<void> {
    await this.running.get(region)?.done;
  }

  private async run(job: ReplayJob, options: { year?: number; at?: Date }): Promise<void> {
    try {
      job.progress.vouchersTotal = await this.runner.vouchersInReadModel(job.region, options.year);
      job.report = await this.runner.replay(job.region, {
        ...options,
        onReplay: ({ read, replayed, vouchers }) => {
          job.progress.eventsRead = read;
          job.progress.eventsReplayed = replayed;
          job.progress.vouchersRecomputed = vouchers;
        },
        onCompare: (compared, total) => {
          job.progress.phase = 'comparing';
          job.progress.collectionsCompared = compared;
          job.progress.collectionsToCompare = total;
        },
      });
      job.progress.eventsRead = job.report.eventsRead;
      job.progress.eventsReplayed = job.report.eventsReplayed;
      job.progress.vouchersRecomputed = job.report.vouchers;
      job.status = 'done';
    } catch (error) {
      this.logger.error(`replay ${job.jobId} of region ${job.region} failed: ${String(error)}`);
      job.status = 'failed';
      job.error = `сверка прервана: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      job.progress.phase = 'finished';
      job.finishedAt = this.clock.now().toISOString();
    }
  }

  private forgetOldJobs(region: string): void {
    const finished = [...this.jobs.values()].filter((j) => j.region === region && j.status !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT))) {
      this.jobs.delete(old.jobId);
    }
  }
}
