import type { AttemptScoredV1, InstrumentRef } from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import { placeOf, type TeacherFacts } from './attempt-teacher';
import { campaignRefusal, type CampaignState } from './campaign.decider';
import { type Answer, findInstrument, scoreTest } from './instruments';

/**
 * A teacher hands in the answers to a competency test, in a campaign or on its own; the service
 * scores them. The teacher's facts and the campaign's state come with the command (their streams
 * are read before deciding), so the decision stays a function of what it is given.
 */
export type ScoreAttempt = {
  readonly type: 'ScoreAttempt';
  readonly attemptId: string;
  readonly teacher: TeacherFacts;
  /** null for self-diagnostics outside any campaign. */
  readonly campaignId: string | null;
  /** The campaign's state when one is named (status 'none' when it does not exist). */
  readonly campaign: CampaignState;
  readonly instrument: InstrumentRef;
  readonly answers: readonly Answer[];
};
export type AttemptCommand = ScoreAttempt;

export type AttemptEvent = DomainEvent<'diagnostics.AttemptScored', AttemptScoredV1>;

export type AttemptState =
  { readonly status: 'none' } | { readonly status: 'scored'; readonly scored: AttemptScoredV1 };

export const attempt = defineAggregate<AttemptState, AttemptCommand, AttemptEvent>({
  name: 'attempt',
  initialState: { status: 'none' },

  decide(command, state, { now }) {
    const { type } = command;
    switch (type) {
      case 'ScoreAttempt':
        return score(command, state, now);
      default:
        return unknownCommand(type);
    }
  },

  evolve(_state, event) {
    return { status: 'scored', scored: event.data };
  },
});

function score(command: ScoreAttempt, state: AttemptState, now: Date): AttemptEvent[] {
  const { attemptId, teacher, campaignId } = command;
  if (state.status === 'scored') {
    // A scored attempt is final: its first answers count. The same hand-in again (a retry after a
    // lost answer) decides nothing; anything else under its id is refused.
    const s = state.scored;
    const same =
      s.teacherId === teacher.teacherId &&
      s.campaignId === campaignId &&
      s.instrument.id === command.instrument.id &&
      s.instrument.version === command.instrument.version;
    if (same) return [];
    throw new DomainError('attempt-already-scored', `попытка ${attemptId} уже оценена`);
  }
  const instrument = findInstrument(command.instrument);
  if (instrument.kind !== 'competency-test') {
    throw new DomainError('instrument-not-a-test', `${instrument.id} — скрининг, а не тест компетенций`);
  }
  if (!instrument.positions.includes(teacher.position)) {
    throw new DomainError(
      'instrument-not-for-position',
      `методика ${instrument.id} v${instrument.version} предназначена для должностей ${instrument.positions.join(', ')}, а не ${teacher.position}`,
    );
  }
  if (campaignId !== null) {
    const refusal = campaignRefusal(command.campaign, campaignId, teacher.region, now);
    if (refusal) throw refusal;
  }
  return [
    {
      type: 'diagnostics.AttemptScored',
      data: {
        attemptId,
        ...placeOf(teacher),
        campaignId,
        instrument: { id: instrument.id, version: instrument.version },
        scores: scoreTest(instrument, command.answers),
      },
    },
  ];
}
