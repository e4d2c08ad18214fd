import { Inject, Injectable } from '@nestjs/common';
import type { AttemptScored, CompetencyScore, InstrumentRef } from '@pk/contracts';
import type { CommandContext, EventStore } from '@pk/kernel';
import { EVENT_STORE, EventSourcing } from '@pk/service-runtime';
import { attempt } from '../domain/attempt.decider';
import { placeOf, requireTeacher, type TeacherFacts, teacherFacts } from '../domain/attempt-teacher';
import { type BurnoutScreenedV1, burnout } from '../domain/burnout.decider';
import { campaign, type CampaignState } from '../domain/campaign.decider';
import { type Answer, findInstrument } from '../domain/instruments';
import { ProfileCommands } from './profile.commands';
import { TeacherGone } from './teacher-gone';

export interface AttemptRequest {
  readonly attemptId: string;
  readonly teacherId: string;
  readonly region: string;
  readonly instrument: InstrumentRef;
  readonly campaignId: string | null;
  readonly answers: readonly Answer[];
}

/** What the teacher hears back: the scores of a test, or the level of a screening (its own only). */
export type AttemptAnswer =
  | { readonly version: number; readonly attemptId: string; readonly scores: readonly CompetencyScore[] }
  | {
      readonly version: number;
      readonly attemptId: string;
      readonly burnout: Pick<BurnoutScreenedV1, 'score' | 'level'>;
    };

/**
 * A teacher's hand-in: a competency test is scored on `attempt-<id>` and recorded in the teacher's
 * profile in the same request; a burnout screening goes to the teacher's private `burnout-<id>`
 * stream and nowhere else.
 *
 * Why in the request rather than a reaction to AttemptScored: the teacher sees the profile and its
 * deficits the moment the answer arrives, and the in-memory spec covers it without a broker. A crash
 * between the two appends is mended by the client's retry: the scored attempt decides nothing the
 * second time, and the profile is recorded then (it is keyed by the attempt, so never twice).
 */
@Injectable()
export class AttemptCommands {
  private readonly attempts;
  private readonly burnouts;

  constructor(
    private readonly eventSourcing: EventSourcing,
    private readonly profiles: ProfileCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.attempts = eventSourcing.handler(attempt);
    this.burnouts = eventSourcing.handler(burnout);
  }

  async submit(request: AttemptRequest, caller: CommandContext): Promise<AttemptAnswer> {
    const teacher = await this.teacher(request.teacherId, request.region);
    if (findInstrument(request.instrument).kind === 'burnout-screening') {
      return this.screen(request, teacher, caller);
    }
    const campaignState: CampaignState =
      request.campaignId === null
        ? { status: 'none' }
        : await this.eventSourcing.state(campaign, request.campaignId);
    const outcome = await this.attempts.handle(
      attempt.streamId(request.attemptId),
      {
        type: 'ScoreAttempt',
        attemptId: request.attemptId,
        teacher,
        campaignId: request.campaignId,
        campaign: campaignState,
        instrument: request.instrument,
        answers: request.answers,
      },
      caller,
    );
    // the stored event, also on a retry: its time is when the evidence was observed
    const [scored] = (await this.store.readStream(attempt.streamId(request.attemptId))) as AttemptScored[];
    const source =
      campaignState.status !== 'none' && campaignState.kind === 'yearly-monitoring'
        ? 'monitoring'
        : 'self-diagnostics';
    await this.profiles.record(
      placeOf(teacher),
      { id: request.attemptId, source, observedAt: scored!.time, scores: scored!.data.scores },
      caller,
      scored!.id,
    );
    return { version: outcome.revision, attemptId: request.attemptId, scores: scored!.data.scores };
  }

  private async screen(request: AttemptRequest, teacher: TeacherFacts, caller: CommandContext) {
    const outcome = await this.burnouts.handle(
      burnout.streamId(teacher.teacherId),
      {
        type: 'ScreenBurnout',
        screeningId: request.attemptId,
        teacher,
        campaignId: request.campaignId,
        instrument: request.instrument,
        answers: request.answers,
      },
      caller,
    );
    const state = await this.burnouts.state(burnout.streamId(teacher.teacherId));
    const { score, level } = state.screenings.find((s) => s.screeningId === request.attemptId)!;
    return { version: outcome.revision, attemptId: request.attemptId, burnout: { score, level } };
  }

  /** The teacher's screenings, newest last: for the teacher itself and the ministry only. */
  async screenings(teacherId: string, region: string): Promise<readonly BurnoutScreenedV1[]> {
    await this.teacherToRead(teacherId, region);
    return (await this.burnouts.state(burnout.streamId(teacherId))).screenings;
  }

  async teacher(teacherId: string, region: string): Promise<TeacherFacts> {
    return requireTeacher(await this.eventSourcing.state(teacherFacts, teacherId), teacherId, region);
  }

  /**
   * The teacher for a read of its diagnostics (profile, burnout): as `teacher`, but an erased
   * teacher of the region answers 410 `teacher-erased`, as every read of an erased teacher does.
   */
  async teacherToRead(teacherId: string, region: string): Promise<TeacherFacts> {
    const facts = await this.eventSourcing.state(teacherFacts, teacherId);
    if (facts !== null && 'erased' in facts && facts.region === region) throw new TeacherGone(teacherId);
    return requireTeacher(facts, teacherId, region);
  }
}
