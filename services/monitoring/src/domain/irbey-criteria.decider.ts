import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import { OPERATOR_CRITERIA } from '../indicators/irbey';

// The rows of the Irbey monitoring no event can know (seed 003, Приложение 1: program information
// published on the centre's site, practices presented, contests, expert work…), recorded by the
// municipal operator (МКУ «ММЦ») for a municipality and a year. One stream per municipality and
// year: the year's answers, each record kept with who made it and when, a later one correcting an
// earlier one.

/** Private: no other service reads it; monitoring's own queries read the stream. */
export interface IrbeyCriterionRecordedV1 {
  readonly region: string;
  readonly municipalityId: string;
  readonly year: number;
  readonly criterionId: string;
  readonly met: boolean;
  readonly comment: string;
  /** The subject of the recording token (never a name) and its role. */
  readonly recordedBy: string;
  readonly recordedByRole: string;
  readonly recordedAt: string;
}

export type RecordIrbeyCriterion = {
  readonly type: 'RecordIrbeyCriterion';
} & Pick<IrbeyCriterionRecordedV1, 'region' | 'municipalityId' | 'year' | 'criterionId' | 'met' | 'comment'>;
export type IrbeyCriteriaCommand = RecordIrbeyCriterion;
export type IrbeyCriteriaEvent = DomainEvent<'monitoring.IrbeyCriterionRecorded', IrbeyCriterionRecordedV1>;

/** Every record of the year, oldest first: the last one of a row stands. */
export interface IrbeyCriteriaState {
  readonly region: string | null;
  readonly records: readonly IrbeyCriterionRecordedV1[];
}

export const COMMENT_MAX = 1000;

export const irbeyCriteria = defineAggregate<
  IrbeyCriteriaState,
  IrbeyCriteriaCommand,
  IrbeyCriteriaEvent,
  [municipalityId: string, year: number]
>({
  name: 'irbey-criteria', // irbey-criteria-<municipalityId>-<year>
  initialState: { region: null, records: [] },

  decide(command, state, { now, actor }) {
    const { type } = command;
    switch (type) {
      case 'RecordIrbeyCriterion': {
        const { region, municipalityId, year, criterionId, met } = command;
        if (!OPERATOR_CRITERIA.includes(criterionId)) {
          throw new DomainError(
            'criterion-not-recorded',
            `criterionId: строку «${criterionId}» вносит не оператор — её считает платформа по событиям, или такой строки нет (вносятся: ${OPERATOR_CRITERIA.join(', ')})`,
          );
        }
        // another region's municipality with the same id is not this stream's
        if (state.region !== null && state.region !== region) {
          throw new DomainError(
            'municipality-not-found',
            `municipalityId: муниципалитет ${municipalityId} не найден`,
          );
        }
        const comment = command.comment.trim();
        const last = state.records.filter((record) => record.criterionId === criterionId).at(-1);
        // the same answer with the same comment again (a retried request) records nothing
        if (last !== undefined && last.met === met && last.comment === comment) return [];
        return [
          {
            type: 'monitoring.IrbeyCriterionRecorded',
            data: {
              region,
              municipalityId,
              year,
              criterionId,
              met,
              comment,
              recordedBy: actor.id,
              recordedByRole: actor.role,
              recordedAt: now.toISOString(),
            },
          },
        ];
      }
      default:
        return unknownCommand(type);
    }
  },

  evolve(state, event) {
    return { region: event.data.region, records: [...state.records, event.data] };
  },
});
