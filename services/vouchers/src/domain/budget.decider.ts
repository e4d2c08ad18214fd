import type { AllotmentReturnedV1, BudgetAllottedV1, BudgetSetV1 } from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';

export type SetBudget = {
  readonly type: 'SetBudget';
  readonly region: string;
  readonly year: number;
  readonly amount: number;
};
/** Money moves from the year's budget to a municipality's allotment; the allotment is credited next. */
export type AllotBudget = {
  readonly type: 'AllotBudget';
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string;
  readonly amount: number;
};
/**
 * Money the allotment gave up (vouchers.AllotmentReduced, decided there against what is committed)
 * returns to the year's budget: never refused, since the allotment's stream already decided it.
 */
export type ReturnAllotment = {
  readonly type: 'ReturnAllotment';
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string;
  readonly amount: number;
};
export type BudgetCommand = SetBudget | AllotBudget | ReturnAllotment;
export type BudgetEvent =
  | DomainEvent<'vouchers.BudgetSet', BudgetSetV1>
  | DomainEvent<'vouchers.BudgetAllotted', BudgetAllottedV1>
  | DomainEvent<'vouchers.AllotmentReturned', AllotmentReturnedV1>;

/** Totals only: the stream holds one event per change of the budget or of an allotment, a few hundred a year. */
export interface BudgetState {
  readonly amount: number | null;
  readonly allotted: number;
  readonly byMunicipality: Readonly<Record<string, number>>;
}

/**
 * The region's budget of a year (stream "budget-<region>-<year>"): the ceiling of what the ministry
 * allots to municipalities. Vouchers are committed on the allotments, not here (docs: the budget's design).
 */
export const budget = defineAggregate<
  BudgetState,
  BudgetCommand,
  BudgetEvent,
  [region: string, year: number]
>({
  name: 'budget',
  initialState: { amount: null, allotted: 0, byMunicipality: {} },
  decide(command, state) {
    const { type } = command;
    switch (type) {
      case 'SetBudget': {
        const { region, year, amount } = command;
        if (state.amount === amount) return []; // a retried request
        if (amount < state.allotted) {
          throw new DomainError(
            'budget-below-allotted',
            `amount: бюджет ${amount} ₽ меньше уже распределённого по муниципалитетам (${state.allotted} ₽)`,
          );
        }
        return [{ type: 'vouchers.BudgetSet', data: { region, year, amount, allotted: state.allotted } }];
      }
      case 'AllotBudget': {
        const { region, year, municipalityId, amount } = command;
        if (state.amount === null) {
          throw new DomainError(
            'budget-not-set',
            `бюджет ИОЧ на ${year} год не утверждён: распределять нечего`,
          );
        }
        const left = state.amount - state.allotted;
        if (amount > left) {
          throw new DomainError(
            'budget-exhausted',
            `amount: в бюджете ${year} года осталось ${left} ₽ нераспределённых, а запрошено ${amount} ₽`,
          );
        }
        const municipalityAllotted = (state.byMunicipality[municipalityId] ?? 0) + amount;
        return [
          {
            type: 'vouchers.BudgetAllotted',
            data: {
              region,
              year,
              municipalityId,
              amount,
              municipalityAllotted,
              allotted: state.allotted + amount,
            },
          },
        ];
      }
      case 'ReturnAllotment': {
        const { region, year, municipalityId, amount } = command;
        // the allotment held it, so the budget allotted it: the totals never go below zero
        const municipalityAllotted = Math.max(0, (state.byMunicipality[municipalityId] ?? 0) - amount);
        return [
          {
            type: 'vouchers.AllotmentReturned',
            data: {
              region,
              year,
              municipalityId,
              amount,
              municipalityAllotted,
              allotted: Math.max(0, state.allotted - amount),
            },
          },
        ];
      }
      default:
        return unknownCommand(type);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'vouchers.BudgetSet':
        return { ...state, amount: event.data.amount };
      case 'vouchers.BudgetAllotted':
      case 'vouchers.AllotmentReturned': {
        const { municipalityId, municipalityAllotted, allotted } = event.data;
        return {
          ...state,
          allotted,
          byMunicipality: { ...state.byMunicipality, [municipalityId]: municipalityAllotted },
        };
      }
    }
  },
});
