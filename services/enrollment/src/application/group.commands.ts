import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { VoucherBlockRequested } from '@pk/contracts';
import { type CommandContext, type CommandOutcome, ReactionRunner } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import type { ListRowOutcome } from '../private-events';
import {
  type FundingRoute,
  type Group,
  type GiveFeedback,
  group,
  planStateAssignmentList,
  type GroupCommand,
  type RecordAttendance,
  type RecordCompletion,
  type RecordNonCompletion,
} from '../domain/group.decider';
import { TeacherApplications } from './teacher-applications';
import {
  approvalDeadline,
  blockRequestDeadline,
  type SubmittedEnvelope,
} from './reactions/deadlines.reaction';

/**
 * The group's commands, from HTTP, reactions and deadlines alike.
 *
 * Commands on one offering are queued in this process before they reach the store: a burst of
 * applications for the same offering would otherwise all read one revision, one would append and the
 * rest retry, and after the kit's five attempts most would fail with 409 while a place was free. The
 * queue makes them one after another here; optimistic concurrency still guards the stream against
 * other replicas (a lost race there is retried by the handler).
 *
 * The queue holds every command of the process, not only HTTP's: reactions (vouchers' answers,
 * catalog's offerings) and fired deadlines reach the handler through the kit's Aggregates, so the
 * registered handler's `handle` is the queued one. Without that, vouchers' reservations arriving
 * during a burst of approvals raced them on the stream, and an approval ran out of attempts (409
 * `revision-conflict` in the voucher burst spec). A decision's own follow-up on the same stream —
 * its hook running a reaction that decides at once — is already in the stream's turn and runs
 * directly (it would otherwise wait for itself).
 */
@Injectable()
export class GroupCommands {
  private readonly groups;
  /** The handler as the kit built it: decides without queueing (called only from the queue). */
  private readonly decide;
  private readonly queues = new Map<string, Promise<unknown>>();
  /** The stream whose turn the current async context runs in, if any. */
  private readonly turn = new AsyncLocalStorage<string>();

  constructor(
    eventSourcing: EventSourcing,
    private readonly reactions: ReactionRunner,
    private readonly index: TeacherApplications,
  ) {
    this.groups = eventSourcing.handler(group, { decided: (outcome) => this.scheduleDeadlines(outcome) });
    const decide = this.groups.handle.bind(this.groups);
    this.decide = decide;
    // the registered handler is the one reactions and the scheduler reach: queue them too
    this.groups.handle = (streamId, command, context) =>
      this.queued(streamId, () => decide(streamId, command, context));
  }

  async apply(
    request: {
      offeringId: string;
      teacherId: string;
      organizationId: string;
      region: string;
      route: FundingRoute;
    },
    caller: CommandContext,
  ) {
    const applicationId = randomUUID();
    const outcome = await this.handle(
      request.offeringId,
      { type: 'Apply', applicationId, ...request },
      caller,
    );
    return { applicationId, outcome };
  }

  approve(
    request: { offeringId: string; applicationId: string; organizationId: string },
    caller: CommandContext,
  ) {
    const { offeringId, applicationId, organizationId } = request;
    return this.handle(offeringId, { type: 'Approve', applicationId, organizationId }, caller);
  }

  decline(
    request: { offeringId: string; applicationId: string; organizationId: string; reason: string },
    caller: CommandContext,
  ) {
    const { offeringId, ...rest } = request;
    return this.handle(offeringId, { type: 'Decline', ...rest }, caller);
  }

  withdraw(
    request: { offeringId: string; applicationId: string; teacherId: string; reason: string },
    caller: CommandContext,
  ) {
    const { offeringId, ...rest } = request;
    return this.handle(offeringId, { type: 'Withdraw', ...rest }, caller);
  }

  /** The provider's result or attendance of a learner, or the learner's feedback: one decision each. */
  record(
    offeringId: string,
    command: RecordCompletion | RecordNonCompletion | RecordAttendance | GiveFeedback,
    caller: CommandContext,
  ) {
    return this.handle(offeringId, command, caller);
  }

  /** The ministry sets the offering's state-assignment quota. */
  setStateAssignmentQuota(
    request: { offeringId: string; region: string; places: number },
    caller: CommandContext,
  ) {
    return this.handle(request.offeringId, { type: 'SetStateAssignmentQuota', ...request }, caller);
  }

  /**
   * The ministry's state-assignment list, decided as one command on the group (so the rows take
   * places and quota in the list's order, atomically); each row gets a fresh application id, used
   * only if the row creates an application. The report is the decision's own record of the rows
   * (StateAssignmentListApplied); for a list that created nothing (so stored nothing) the rows are
   * planned again on the group read in the same turn of the offering's queue — the state the
   * decision was made on, as no other command of this process ran in between.
   */
  async enrollFromStateAssignmentList(
    request: {
      offeringId: string;
      region: string;
      teachers: readonly { teacherId: string; organizationId: string }[];
    },
    caller: CommandContext,
  ): Promise<{ outcome: CommandOutcome; rows: readonly ListRowOutcome[]; group: Group }> {
    const { offeringId, region } = request;
    const rows = request.teachers.map((t) => ({ applicationId: randomUUID(), ...t }));
    const streamId = group.streamId(offeringId);
    return this.queued(streamId, async () => {
      const outcome = await this.decide(
        streamId,
        { type: 'EnrollFromStateAssignmentList', offeringId, region, rows },
        caller,
      );
      const { state } = await this.groups.current(streamId);
      if (state.status === 'none') throw new Error(`group ${offeringId} vanished after a decision`);
      const record = outcome.events.find((e) => e.type === 'enrollment.StateAssignmentListApplied');
      // nothing stored: the group is as the decision found it, so planning again gives its rows
      const decided = record
        ? (record.data as { rows: readonly ListRowOutcome[] }).rows
        : planStateAssignmentList(state, { rows }, new Date()).rows;
      return { outcome, rows: decided, group: state };
    });
  }

  /** Where the teacher's applications are, the latest first. */
  applicationsOf(teacherId: string) {
    return this.index.ofTeacher(teacherId);
  }

  /** The group as its stream holds it now, with its version. */
  current(offeringId: string) {
    return this.groups.current(group.streamId(offeringId));
  }

  private handle(offeringId: string, command: GroupCommand, caller: CommandContext): Promise<CommandOutcome> {
    const streamId = group.streamId(offeringId);
    return this.queued(streamId, () => this.decide(streamId, command, caller));
  }

  /** Runs `work` after every earlier command on the stream in this process, one at a time. */
  private queued<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    if (this.turn.getStore() === streamId) return work(); // a follow-up within the stream's own turn
    const previous = this.queues.get(streamId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.turn.run(streamId, work));
    this.queues.set(streamId, next);
    // forget an idle queue, so the map holds only offerings with commands in flight
    void next
      .catch(() => undefined)
      .then(() => {
        if (this.queues.get(streamId) === next) this.queues.delete(streamId);
      });
    return next;
  }

  private async scheduleDeadlines(outcome: CommandOutcome): Promise<void> {
    // At once, in process; for the public request the reaction on the service's own topic is the
    // backstop should the process stop in between (its schedule id derives from the same event).
    for (const event of outcome.events) {
      if (event.type === 'enrollment.ApplicationSubmitted') {
        const submitted = event as SubmittedEnvelope;
        const { teacherId, applicationId, offeringId, submittedAt, source } = submitted.data;
        await this.index.add(teacherId, { applicationId, offeringId, submittedAt });
        // a row of the ministry's list is approved as it is submitted: no school deadline to keep
        if (source !== 'state-assignment-list') await this.reactions.run(approvalDeadline, submitted);
      }
      if (event.type === 'enrollment.VoucherBlockRequested') {
        await this.reactions.run(blockRequestDeadline, event as VoucherBlockRequested);
      }
    }
  }
}
