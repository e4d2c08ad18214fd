import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HealthChecks } from '@pk/service-runtime';
import { ReviewBoard } from '../projections/review-board/review-board.queries';

/** How often the count of cases waiting for experts is read for /health. */
const REFRESH_MS = 30_000;

/**
 * GET /health names how many review cases wait for experts, all regions together, as the
 * `understaffed-review-cases` check. Health answers from memory (checks are synchronous and must stay
 * fast), so the count is read from the review board every 30 s; `checkedAt` says when. Waiting for
 * experts is the ministry's to resolve (recruit experts), not an operator's: the check stays "ok"
 * and the ministry's list is GET /review-cases/understaffed.
 */
@Injectable()
export class UnderstaffedHealth implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('understaffed-health');
  private count: number | null = null;
  private checkedAt: string | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly board: ReviewBoard,
    private readonly checks: HealthChecks,
  ) {}

  onModuleInit(): void {
    this.checks.register('understaffed-review-cases', () => ({
      status: 'ok',
      count: this.count,
      checkedAt: this.checkedAt,
    }));
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Reads the count now; a failed read (the read store down) keeps the last one and its time. */
  async refresh(): Promise<void> {
    try {
      this.count = await this.board.understaffedCount();
      this.checkedAt = new Date().toISOString();
    } catch (error) {
      this.log.warn(`understaffed cases not counted: ${String(error)}`);
    }
  }
}
