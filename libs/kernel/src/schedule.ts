import type { Aggregates } from './aggregates';
import { type Clock, systemClock } from './clock';
import type { CommandContext } from './command-handler';
import { type DomainCommand, DomainError } from './decider';
import { consoleLog, type Log } from './log';
import { ReplicaBehind } from './replica-behind';

/** A command to decide later: an enrollment deadline, a reservation to confirm within a day. */
export interface ScheduledCommand {
  /** Derived from what scheduled it, so scheduling twice (a redelivered event) keeps one. */
  readonly id: string;
  readonly dueAt: Date;
  /** The aggregate that decides it, by its registered name. */
  readonly aggregate: string;
  readonly streamId: string;
  readonly command: DomainCommand;
  /** Who scheduled it and why; the key makes firing it twice decide once. */
  readonly context: CommandContext & { readonly idempotencyKey: string };
}

export interface FiredCommand extends ScheduledCommand {
  readonly firedAt: Date;
  readonly outcome: 'decided' | 'refused';
  readonly note: string | null;
}

/**
 * Where scheduled commands wait: durable in a service (PostgreSQL, beside its events), in memory in
 * fast specs. Nothing is lost by a restart; what is due is fired by whichever replica looks first.
 */
export interface Schedule {
  /** Keeps the first entry of an id; adding it again changes nothing. */
  add(entry: ScheduledCommand): Promise<void>;
  /** Entries due at `now` that have not fired, earliest first. */
  due(now: Date, limit: number): Promise<ScheduledCommand[]>;
  fired(entry: FiredCommand): Promise<void>;
  /** Everything still waiting, earliest first: what a person can list. */
  pending(): Promise<ScheduledCommand[]>;
  /** How many unfired commands are due by `now`, and how many of them were due by `overdueBefore`. */
  dueCounts(now: Date, overdueBefore: Date): Promise<{ due: number; overdue: number }>;
}

export class InMemorySchedule implements Schedule {
  private readonly waiting = new Map<string, ScheduledCommand>();
  readonly history: FiredCommand[] = [];

  async add(entry: ScheduledCommand): Promise<void> {
    if (!this.waiting.has(entry.id) && !this.history.some((f) => f.id === entry.id))
      this.waiting.set(entry.id, entry);
  }

  async due(now: Date, limit: number): Promise<ScheduledCommand[]> {
    return (await this.pending()).filter((e) => e.dueAt <= now).slice(0, limit);
  }

  async fired(entry: FiredCommand): Promise<void> {
    this.waiting.delete(entry.id);
    this.history.push(entry);
  }

  async dueCounts(now: Date, overdueBefore: Date): Promise<{ due: number; overdue: number }> {
    const waiting = [...this.waiting.values()];
    return {
      due: waiting.filter((e) => e.dueAt <= now).length,
      overdue: waiting.filter((e) => e.dueAt <= overdueBefore).length,
    };
  }

  async pending(): Promise<ScheduledCommand[]> {
    return [...this.waiting.values()].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }
}

export interface SchedulerOptions {
  readonly schedule: Schedule;
  readonly aggregates: Aggregates;
  readonly clock?: Clock;
  readonly log?: Log;
  /** How often it looks for due commands; default 1 s. */
  readonly intervalMs?: number;
  /**
   * Whether a failure is an outage of a store the commands touch (the event store, the read store):
   * then nothing is recorded and the round stops until the store is back (an OutageClassifier).
   * Without it every failure counts as the command's own.
   */
  readonly isOutage?: (error: unknown) => boolean | Promise<boolean>;
}

/** Where the scheduler stands, for health checks and people. */
export interface SchedulerProgress {
  readonly fired: number;
  /** A store is away: nothing fires (and nothing is recorded) until it answers again. */
  readonly waitingForOutageSince: string | null;
  readonly lastError: string | null;
  /** Commands that fail on a healthy system: left waiting, tried again later, reported here. */
  readonly failing: readonly {
    readonly id: string;
    readonly command: string;
    readonly streamId: string;
    readonly attempts: number;
    readonly nextAttemptAt: string;
    readonly error: string;
  }[];
}

/** A failing command's next attempt: 1 s, doubling, at most every 10 minutes. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 600_000;

/** Round stopped by an outage: nothing of it is recorded. */
class StoreAway extends Error {}

/**
 * Fires due commands. A command is decided on the state at firing time (a reservation confirmed
 * meanwhile makes its expiry decide nothing), refused ones are recorded as refused, and a crash
 * between deciding and recording fires it again, which the idempotency key turns into nothing.
 *
 * Only an answer of the domain is recorded. An outage of a store (isOutage) stops the round with
 * nothing recorded, and the scheduler waits for the store, backing off to 30 s: the command stays
 * due and fires once the store answers. A command that needs a replica still catching up
 * (ReplicaBehind) is tried again next round. A command that fails on a healthy system (a bug)
 * stays due too, tried again later with backoff and reported in the progress, without holding up
 * the commands due after it.
 */
export class Scheduler {
  private readonly clock: Clock;
  private readonly log: Log;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private firedCount = 0;
  private outageSince: Date | null = null;
  private outageRounds = 0;
  private nextRoundAt = 0;
  private lastError: string | null = null;
  private readonly failing = new Map<
    string,
    { entry: ScheduledCommand; attempts: number; nextAttemptAt: number; error: string }
  >();

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? consoleLog('scheduler');
  }

  get progress(): SchedulerProgress {
    return {
      fired: this.firedCount,
      waitingForOutageSince: this.outageSince?.toISOString() ?? null,
      lastError: this.lastError,
      failing: [...this.failing.values()].map(({ entry, attempts, nextAttemptAt, error }) => ({
        id: entry.id,
        command: entry.command.type,
        streamId: entry.streamId,
        attempts,
        nextAttemptAt: new Date(nextAttemptAt).toISOString(),
        error,
      })),
    };
  }

  /**
   * Fires everything due now (the clock's now); returns how many fired. Tests call it directly. An
   * outage ends the round (rejecting with the store's error); commands failing otherwise are
   * skipped until their next attempt.
   */
  async fireDue(): Promise<number> {
    let fired = 0;
    const skipped = new Set<string>();
    const seen = new Set<string>();
    try {
      for (;;) {
        const due = (await this.options.schedule.due(this.clock.now(), 100 + skipped.size)).filter(
          (entry) => !skipped.has(entry.id),
        );
        for (const entry of due) {
          seen.add(entry.id);
          const failing = this.failing.get(entry.id);
          if (failing && failing.nextAttemptAt > Date.now()) {
            skipped.add(entry.id);
            continue;
          }
          const outcome = await this.fire(entry);
          if (outcome === 'failed') {
            skipped.add(entry.id);
            continue;
          }
          this.failing.delete(entry.id);
          await this.options.schedule.fired({ ...entry, firedAt: this.clock.now(), ...outcome });
          fired += 1;
          this.firedCount += 1;
        }
        if (due.length < 100) break;
      }
    } catch (error) {
      const cause = error instanceof StoreAway ? error.cause : error;
      if (error instanceof StoreAway || (await this.isOutage(cause))) this.waitForStores(cause);
      throw cause;
    }
    // fired meanwhile by another replica, or no longer due: no longer failing here
    for (const id of this.failing.keys()) if (!seen.has(id)) this.failing.delete(id);
    if (this.outageSince) {
      this.log.log(
        `the stores answer again after ${Math.round((Date.now() - this.outageSince.getTime()) / 1000)} s; scheduled commands fire`,
      );
      this.outageSince = null;
      this.outageRounds = 0;
    }
    return fired;
  }

  private waitForStores(error: unknown): void {
    this.lastError = String(error);
    this.outageRounds += 1;
    this.nextRoundAt = Date.now() + Math.min(1_000 * 2 ** (this.outageRounds - 1), 30_000);
    if (!this.outageSince) {
      this.outageSince = new Date();
      this.log.warn(
        `a store is away (${String(error)}): scheduled commands wait for it, nothing is recorded`,
      );
    }
  }

  /** Decides one entry: its outcome to record, or 'failed' (not recorded); throws StoreAway on an outage. */
  private async fire(entry: ScheduledCommand): Promise<Pick<FiredCommand, 'outcome' | 'note'> | 'failed'> {
    try {
      await this.options.aggregates.handle(entry.aggregate, entry.streamId, entry.command, entry.context);
      return { outcome: 'decided', note: null };
    } catch (error) {
      if (error instanceof DomainError) {
        const note = `${error.code}: ${error.message}`;
        this.log.warn(`scheduled ${entry.command.type} on ${entry.streamId} refused: ${note}`);
        return { outcome: 'refused', note };
      }
      // a replica catching up: the next round tries again, nothing to report (its consumer reports a stall)
      if (error instanceof ReplicaBehind) return 'failed';
      if (await this.options.isOutage?.(error)) throw new StoreAway(String(error), { cause: error });
      const previous = this.failing.get(entry.id);
      const attempts = (previous?.attempts ?? 0) + 1;
      const wait = Math.min(RETRY_FIRST_MS * 2 ** (attempts - 1), RETRY_MAX_MS);
      this.failing.set(entry.id, { entry, attempts, nextAttemptAt: Date.now() + wait, error: String(error) });
      this.lastError = String(error);
      this.log.error(
        `scheduled ${entry.command.type} on ${entry.streamId} failed (attempt ${attempts}), stays due, next attempt in ${wait} ms: ${String(error)}`,
      );
      return 'failed';
    }
  }

  start(): void {
    this.timer ??= setInterval(() => {
      if (this.running || Date.now() < this.nextRoundAt) return;
      this.running = this.fireDue()
        .catch((error: unknown) => {
          // an outage was noted by fireDue (and is waited out with backoff); anything else is logged
          if (!this.outageSince)
            this.log.error(`scheduled commands not fired: ${String(error)}; trying again`);
          return 0;
        })
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs ?? 1_000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async isOutage(error: unknown): Promise<boolean> {
    try {
      return (await this.options.isOutage?.(error)) === true;
    } catch {
      return false;
    }
  }
}
