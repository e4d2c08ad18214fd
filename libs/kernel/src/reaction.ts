import type { EventEnvelope } from '@pk/contracts';
import { v5 as uuidV5 } from 'uuid';
import type { Aggregate } from './aggregate';
import type { Aggregates } from './aggregates';
import { type Clock, systemClock } from './clock';
import type { CommandContext } from './command-handler';
import { type DomainCommand, DomainError, type DomainEvent } from './decider';
import { consoleLog, type Log } from './log';
import type { Schedule } from './schedule';

/** A command a reaction issues: to an aggregate of the service, now or at a given time. */
export interface IssuedCommand {
  /** The name of the aggregate that decides it ("program"): what a stored deadline keeps. */
  readonly aggregate: string;
  /** Derived from the event (the aggregate's stream of an id the event carries), never random. */
  readonly streamId: string;
  readonly command: DomainCommand;
  /** Decide it at this time instead of now: kept in the schedule until due. */
  readonly at?: Date;
}

/**
 * A command for an aggregate, typed by it: `issue(program, [programId], { type: 'RecordReviewDecision',
 * … })`, or with `{ at }` for a deadline.
 */
export function issue<TCommand extends DomainCommand, TKey extends readonly unknown[]>(
  aggregate: Pick<Aggregate<unknown, TCommand, DomainEvent, TKey>, 'name' | 'streamId' | 'decide'>,
  key: TKey,
  command: TCommand,
  options: { readonly at?: Date } = {},
): IssuedCommand {
  return { aggregate: aggregate.name, streamId: aggregate.streamId(...key), command, ...options };
}

/**
 * One service reacting to another's event, declared: which events, and which commands each one
 * means. Keep `react` a function of the event; the runner adds cause, actor and idempotency.
 */
export interface Reaction<TEvent extends EventEnvelope = EventEnvelope> {
  /** e.g. "open-review-case": part of every idempotency key, so never rename a live reaction. */
  readonly name: string;
  readonly events: readonly TEvent['type'][];
  react(event: TEvent): readonly IssuedCommand[] | Promise<readonly IssuedCommand[]>;
}

export interface ReactionOutcome {
  readonly decided: number;
  readonly alreadyHandled: number;
  readonly refused: number;
  readonly scheduled: number;
}

const SCHEDULE_IDS = '0c6f1a3e-7b2d-4e59-8f14-6a9d2c7b3e58';

/**
 * Runs a reaction's commands with the event as their cause: causation id = the event's id, actor
 * = system:<service>, correlation carried over, and an idempotency key per (reaction, event,
 * target stream), so a redelivered or replayed event changes nothing the second time. A refusal of
 * the domain is an answer, logged and counted, not a failure to retry.
 */
export class ReactionRunner {
  private readonly clock: Clock;
  private readonly log: Log;

  constructor(
    private readonly options: {
      readonly service: string;
      readonly aggregates: Aggregates;
      readonly schedule: Schedule;
      readonly clock?: Clock;
      readonly log?: Log;
    },
  ) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? consoleLog(`reactions:${options.service}`);
  }

  async run<TEvent extends EventEnvelope>(
    reaction: Reaction<TEvent>,
    event: TEvent,
  ): Promise<ReactionOutcome> {
    const outcome = { decided: 0, alreadyHandled: 0, refused: 0, scheduled: 0 };
    if (!reaction.events.includes(event.type)) return outcome;
    const perStream = new Map<string, number>();
    for (const issued of await reaction.react(event)) {
      const nth = perStream.get(issued.streamId) ?? 0;
      perStream.set(issued.streamId, nth + 1);
      const idempotencyKey = `${this.options.service}/${reaction.name}/${event.id}/${issued.streamId}/${nth}`;
      const context: CommandContext & { idempotencyKey: string } = {
        actor: { id: `system:${this.options.service}`, role: 'system' },
        correlationId: event.correlationId,
        causationId: event.id,
        idempotencyKey,
      };
      if (issued.at !== undefined && issued.at > this.clock.now()) {
        await this.options.schedule.add({
          id: uuidV5(idempotencyKey, SCHEDULE_IDS),
          dueAt: issued.at,
          aggregate: issued.aggregate,
          streamId: issued.streamId,
          command: issued.command,
          context,
        });
        outcome.scheduled += 1;
        continue;
      }
      try {
        const result = await this.options.aggregates.handle(
          issued.aggregate,
          issued.streamId,
          issued.command,
          context,
        );
        if (result.alreadyHandled) outcome.alreadyHandled += 1;
        else outcome.decided += 1;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcome.refused += 1;
        this.log.warn(
          `${reaction.name}: ${issued.command.type} on ${issued.streamId} for ${event.type} ${event.id} refused: ${error.code}: ${error.message}`,
        );
      }
    }
    return outcome;
  }
}
