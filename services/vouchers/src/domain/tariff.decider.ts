import type { CostPerHour, TariffSetV1 } from '@pk/contracts';
import { defineAggregate, type DomainEvent, unknownCommand } from '@pk/kernel';

export type SetTariff = { readonly type: 'SetTariff' } & TariffSetV1;
export type TariffCommand = SetTariff;
export type TariffEvent = DomainEvent<'vouchers.TariffSet', TariffSetV1>;

/**
 * The year's tariff (normative cost of an hour by block type), versioned by year: a stream per
 * (region, year). A voucher records the tariff it was valued at, so a later change values later
 * vouchers only and never moves money already committed or owed.
 */
export const tariff = defineAggregate<
  CostPerHour | null,
  TariffCommand,
  TariffEvent,
  [region: string, year: number]
>({
  name: 'tariff', // tariff.streamId('63', 2026) is "tariff-63-2026"
  initialState: null,
  decide(command, state) {
    const { type } = command;
    switch (type) {
      case 'SetTariff': {
        const { type: _type, ...data } = command;
        // the same tariff again (a retried request): nothing changes
        if (
          state &&
          state.variable === data.costPerHour.variable &&
          state.internship === data.costPerHour.internship
        ) {
          return [];
        }
        return [{ type: 'vouchers.TariffSet', data }];
      }
      default:
        return unknownCommand(type);
    }
  },
  evolve: (_state, event) => event.data.costPerHour,
});
