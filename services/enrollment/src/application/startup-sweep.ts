import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { VoucherBlockRequested } from '@pk/contracts';
import { type EventStore, ReactionRunner } from '@pk/kernel';
import { type ContextDatabase, EVENT_STORE } from '@pk/service-runtime';
import { TeacherApplications } from './teacher-applications';
import {
  approvalDeadline,
  blockRequestDeadline,
  type SubmittedEnvelope,
} from './reactions/deadlines.reaction';

/** How far the start-up sweep has read the store: it goes on from there at the next start. */
export abstract class SweepCheckpoint {
  abstract load(): Promise<string | null>;
  abstract save(position: string): Promise<void>;
}

export class InMemorySweepCheckpoint extends SweepCheckpoint {
  private position: string | null = null;
  async load() {
    return this.position;
  }
  async save(position: string) {
    this.position = position;
  }
}

export class PostgresSweepCheckpoint extends SweepCheckpoint implements OnModuleInit {
  private ready: Promise<void> | undefined;

  constructor(private readonly database: ContextDatabase) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.table();
  }

  async load(): Promise<string | null> {
    await this.table();
    const { rows } = await this.database.pool.query<{ position: string }>(
      `select position from ${this.name} where sweep = 'deadlines'`,
    );
    return rows[0]?.position ?? null;
  }

  async save(position: string): Promise<void> {
    await this.table();
    // Last writer wins: two processes starting together may save out of order, and a position
    // saved too early only makes the next start sweep again what was swept (every step is idempotent).
    await this.database.pool.query(
      `insert into ${this.name} (sweep, position, swept_at) values ('deadlines', $1, now())
       on conflict (sweep) do update set position = excluded.position, swept_at = excluded.swept_at`,
      [position],
    );
  }

  private get name() {
    return `${this.database.schema}.startup_sweep`;
  }

  private table(): Promise<void> {
    this.ready ??= this.database.pool
      .query(
        `create schema if not exists ${this.database.schema};
         create table if not exists ${this.name} (
           sweep text primary key,
           position text not null,
           swept_at timestamptz not null
         );`,
      )
      .then(() => undefined);
    return this.ready;
  }
}

export interface SweepReport {
  readonly eventsRead: number;
  /** Applications still awaiting the school whose lapse was scheduled again (or decided, if due). */
  readonly approvalDeadlines: number;
  /** Block requests still unanswered whose deadline was scheduled again. */
  readonly blockDeadlines: number;
  /** Applications put (again) in the teacher's index. */
  readonly indexed: number;
}

const PAGE = 2_000;

/**
 * What a crash between a decision's append and its `decided` hook (GroupCommands.scheduleDeadlines)
 * can lose, put back at start-up: the approval deadline of an application awaiting its school (its
 * trigger is a private event, never relayed, so no reaction on the topic backs it up), the row of
 * the teacher's index, and — beside the own-topic backstop — the block request's deadline.
 *
 * The sweep reads the store from where the last one stopped (SweepCheckpoint), in global order, and
 * folds only what it needs: per application, whether it still awaits the school or vouchers. It then
 * runs the same reactions the hook runs, on the stored events: the schedule keeps one entry per id
 * (derived from the event), the index one row per application and a deadline already past is
 * decided at once by the reaction — so a sweep over what the hook did already changes nothing, and
 * two processes sweeping at once do the same work twice, harmlessly. Everything read is handled
 * before the checkpoint moves past it; what this process appends afterwards its hook schedules.
 *
 * It runs in the background after start (the service answers meanwhile): a lost deadline is due
 * days later, and reading a long store must not hold the start back.
 */
@Injectable()
export class StartupSweep implements OnApplicationBootstrap {
  private readonly logger = new Logger('startup-sweep');
  private running: Promise<SweepReport> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reactions: ReactionRunner,
    private readonly index: TeacherApplications,
    private readonly checkpoint: SweepCheckpoint,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep().catch((error: unknown) =>
      this.logger.error(`the start-up sweep failed; the next start tries again: ${String(error)}`),
    );
  }

  /** The sweep of this start (started at most once at a time); resolves with what it did. */
  sweep(): Promise<SweepReport> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<SweepReport> {
    const awaitingSchool = new Map<string, SubmittedEnvelope>();
    const awaitingBlock = new Map<string, VoucherBlockRequested>();
    let indexed = 0;
    let eventsRead = 0;
    let position = await this.checkpoint.load();
    for (;;) {
      const page = await this.store.readAll(position, PAGE);
      for (const event of page) {
        const applicationId = (event.data as { applicationId?: string }).applicationId;
        switch (event.type) {
          case 'enrollment.ApplicationSubmitted': {
            const submitted = event as SubmittedEnvelope;
            const { teacherId, offeringId, submittedAt, source } = submitted.data;
            await this.index.add(teacherId, { applicationId: applicationId!, offeringId, submittedAt });
            indexed += 1;
            if (source !== 'state-assignment-list') awaitingSchool.set(applicationId!, submitted);
            break;
          }
          case 'enrollment.ApplicationApproved':
            awaitingSchool.delete(applicationId!);
            break;
          case 'enrollment.VoucherBlockRequested':
            awaitingBlock.set(applicationId!, event as VoucherBlockRequested);
            break;
          case 'enrollment.BlockSecured':
            awaitingBlock.delete(applicationId!);
            break;
          case 'enrollment.ApplicationClosed':
            awaitingSchool.delete(applicationId!);
            awaitingBlock.delete(applicationId!);
            break;
        }
      }
      eventsRead += page.length;
      if (page.length === 0) break;
      position = page.at(-1)!.globalPosition;
      if (page.length < PAGE) break;
    }
    for (const submitted of awaitingSchool.values()) await this.reactions.run(approvalDeadline, submitted);
    for (const requested of awaitingBlock.values()) await this.reactions.run(blockRequestDeadline, requested);
    if (position !== null) await this.checkpoint.save(position);
    const report = {
      eventsRead,
      approvalDeadlines: awaitingSchool.size,
      blockDeadlines: awaitingBlock.size,
      indexed,
    };
    this.logger.log(
      `swept ${eventsRead} events: ${report.approvalDeadlines} approval and ${report.blockDeadlines} block deadlines kept, ${indexed} applications indexed`,
    );
    return report;
  }
}
