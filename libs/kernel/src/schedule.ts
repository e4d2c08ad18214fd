import type { Aggregates } from './aggregates';
import { type Clock, systemClock } from './clock';
import type { CommandContext } from './command-handler';
import { type DomainCommand, DomainError } from './decider';
import { consoleLog, type Log } from './log';

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
}

/**
 * Fires due commands. A command is decided on the state at firing time (a reservation confirmed
 * meanwhile makes its expiry decide nothing), refused ones are recorded as refused, and a crash
 * between deciding and recording fires it again, which the idempotency key turns into nothing.
 */
export class Scheduler {
  private readonly clock: Clock;
  private readonly log: Log;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? consoleLog('scheduler');
  }

  /** Fires everything due now (the clock's now); returns how many fired. Tests call it directly. */
  async fireDue(): Promise<number> {
    let fired = 0;
    for (;;) {
      const due = await this.options.schedule.due(this.clock.now(), 100);
      for (const entry of due) {
        let outcome: FiredCommand['outcome'] = 'decided';
        let note: string | null = null;
        try {
          await this.options.aggregates.handle(entry.aggregate, entry.streamId, entry.command, entry.context);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          outcome = 'refused';
          note = `${error.code}: ${error.message}`;
          this.log.warn(`scheduled ${entry.command.type} on ${entry.streamId} refused: ${note}`);
        }
        await this.options.schedule.fired({ ...entry, firedAt: this.clock.now(), outcome, note });
        fired += 1;
      }
      if (due.length < 100) return fired;
    }
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.running ??= this.fireDue()
        .catch((error: unknown) => {
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
}
