import type { InstrumentRef } from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import type { TeacherFacts } from './attempt-teacher';
import { type Answer, type BurnoutLevel, findInstrument, scoreScreening } from './instruments';

/**
 * Burnout screening: a teacher answers a short scale about itself. The result is private
 * (`diagnostics.BurnoutScreened` is never published): it stays in the teacher's own stream
 * `burnout-<teacherId>`, read only for the teacher and the ministry, never in a read model, never in
 * a deficit map. Its data is therefore this service's own shape, not a contract.
 */
export interface BurnoutScreenedV1 {
  readonly screeningId: string;
  readonly teacherId: string;
  readonly region: string;
  readonly instrument: InstrumentRef;
  readonly score: number;
  readonly level: BurnoutLevel;
}

export type ScreenBurnout = {
  readonly type: 'ScreenBurnout';
  readonly screeningId: string;
  readonly teacher: TeacherFacts;
  /** Screenings are on demand only: no campaign collects them. */
  readonly campaignId: string | null;
  readonly instrument: InstrumentRef;
  readonly answers: readonly Answer[];
};
export type BurnoutCommand = ScreenBurnout;
export type BurnoutEvent = DomainEvent<'diagnostics.BurnoutScreened', BurnoutScreenedV1>;

export interface BurnoutState {
  readonly screenings: readonly BurnoutScreenedV1[];
}

export const burnout = defineAggregate<BurnoutState, BurnoutCommand, BurnoutEvent>({
  name: 'burnout',
  initialState: { screenings: [] },

  decide(command, state) {
    const { type } = command;
    switch (type) {
      case 'ScreenBurnout':
        return screen(command, state);
      default:
        return unknownCommand(type);
    }
  },

  evolve(state, event) {
    return { screenings: [...state.screenings, event.data] };
  },
});

function screen(command: ScreenBurnout, state: BurnoutState): BurnoutEvent[] {
  // the same screening handed in again (a retry) counts once
  if (state.screenings.some((s) => s.screeningId === command.screeningId)) return [];
  if (command.campaignId !== null) {
    throw new DomainError(
      'screening-outside-campaigns',
      'скрининг выгорания проходят по желанию и конфиденциально: он не относится ни к одной кампании',
    );
  }
  const scale = findInstrument(command.instrument);
  if (scale.kind !== 'burnout-screening') {
    throw new DomainError('instrument-not-a-screening', `${scale.id} — тест компетенций, а не скрининг`);
  }
  const { score, level } = scoreScreening(scale, command.answers);
  return [
    {
      type: 'diagnostics.BurnoutScreened',
      data: {
        screeningId: command.screeningId,
        teacherId: command.teacher.teacherId,
        region: command.teacher.region,
        instrument: { id: scale.id, version: scale.version },
        score,
        level,
      },
    },
  ];
}
