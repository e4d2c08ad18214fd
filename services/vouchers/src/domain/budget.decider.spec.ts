import { deciderSpec } from '@pk/test-kit';
import { ids } from '../../test/voucher.fixtures';
import { budget, type BudgetEvent } from './budget.decider';
import { providerContract } from './provider-contract.decider';
import { tariff } from './tariff.decider';

const year = { region: '63', year: 2026 };
const set = (amount: number, allotted = 0): BudgetEvent => ({
  type: 'vouchers.BudgetSet',
  data: { ...year, amount, allotted },
});
const allot = (amount: number) =>
  ({ type: 'AllotBudget', ...year, municipalityId: ids.municipality, amount }) as const;
const allotted = (amount: number, municipalityAllotted: number, total: number): BudgetEvent => ({
  type: 'vouchers.BudgetAllotted',
  data: { ...year, municipalityId: ids.municipality, amount, municipalityAllotted, allotted: total },
});

describe('budget of the year', () => {
  const spec = deciderSpec(budget);

  it('is set, and set again only to what is already allotted or more', () => {
    spec
      .given([])
      .when({ type: 'SetBudget', ...year, amount: 100_000 })
      .then([set(100_000)]);
    spec
      .given([set(100_000)])
      .when({ type: 'SetBudget', ...year, amount: 100_000 })
      .then([]);
    spec
      .given([set(100_000), allotted(60_000, 60_000, 60_000)])
      .when({ type: 'SetBudget', ...year, amount: 50_000 })
      .thenFails('budget-below-allotted', /60000/);
  });

  it('allots to municipalities within the budget, never past it', () => {
    spec
      .given([set(100_000)])
      .when(allot(60_000))
      .then([allotted(60_000, 60_000, 60_000)]);
    spec
      .given([set(100_000), allotted(60_000, 60_000, 60_000)])
      .when(allot(30_000))
      .then([allotted(30_000, 90_000, 90_000)]);
    spec
      .given([set(100_000), allotted(60_000, 60_000, 60_000)])
      .when(allot(50_000))
      .thenFails('budget-exhausted', /осталось 40000/);
    spec.given([]).when(allot(1)).thenFails('budget-not-set');
  });

  it('gets back what an allotment gave up, and may allot it again', () => {
    const returnAllotment = (amount: number) =>
      ({ type: 'ReturnAllotment', ...year, municipalityId: ids.municipality, amount }) as const;
    const returned = (amount: number, municipalityAllotted: number, total: number): BudgetEvent => ({
      type: 'vouchers.AllotmentReturned',
      data: { ...year, municipalityId: ids.municipality, amount, municipalityAllotted, allotted: total },
    });
    spec
      .given([set(100_000), allotted(100_000, 100_000, 100_000)])
      .when(returnAllotment(30_000))
      .then([returned(30_000, 70_000, 70_000)]);
    spec
      .given([set(100_000), allotted(100_000, 100_000, 100_000), returned(30_000, 70_000, 70_000)])
      .when(allot(30_000))
      .then([allotted(30_000, 100_000, 100_000)]);
    spec
      .given([set(100_000), allotted(100_000, 100_000, 100_000), returned(30_000, 70_000, 70_000)])
      .when(allot(30_001))
      .thenFails('budget-exhausted', /осталось 30000/);
  });
});

describe('tariff of the year', () => {
  const spec = deciderSpec(tariff);
  const setTariff = { type: 'SetTariff', ...year, costPerHour: { variable: 250, internship: 300 } } as const;

  it('is set per year; the same tariff again changes nothing, another one is a new version', () => {
    spec
      .given([])
      .when(setTariff)
      .then([
        { type: 'vouchers.TariffSet', data: { ...year, costPerHour: { variable: 250, internship: 300 } } },
      ]);
    const { type: _t, ...data } = setTariff;
    spec
      .given([{ type: 'vouchers.TariffSet', data }])
      .when(setTariff)
      .then([]);
    spec
      .given([{ type: 'vouchers.TariffSet', data }])
      .when({ ...setTariff, costPerHour: { variable: 260, internship: 300 } })
      .then([
        { type: 'vouchers.TariffSet', data: { ...year, costPerHour: { variable: 260, internship: 300 } } },
      ]);
  });
});

describe('provider contract of the year', () => {
  const spec = deciderSpec(providerContract);
  const signed = {
    contractId: ids.contract,
    ...year,
    providerId: ids.provider,
    number: 'ИОЧ-2026/17',
    signedOn: '2026-01-20',
    validUntil: '2026-12-31',
  };
  const terminated = {
    contractId: ids.contract,
    ...year,
    providerId: ids.provider,
    reason: 'Лицензия приостановлена',
    terminatedOn: '2026-09-01',
  };

  it('is signed once a year per provider, and terminated with a reason', () => {
    spec
      .given([])
      .when({ type: 'SignContract', ...signed })
      .then([{ type: 'vouchers.ProviderContractSigned', data: signed }]);
    spec
      .given([{ type: 'vouchers.ProviderContractSigned', data: signed }])
      .when({ type: 'SignContract', ...signed })
      .then([]);
    spec
      .given([{ type: 'vouchers.ProviderContractSigned', data: signed }])
      .when({ type: 'SignContract', ...signed, number: 'другой' })
      .thenFails('contract-already-signed', /ИОЧ-2026\/17/);
    spec
      .given([])
      .when({ type: 'SignContract', ...signed, validUntil: '2025-12-31' })
      .thenFails('contract-dates');
    spec
      .given([{ type: 'vouchers.ProviderContractSigned', data: signed }])
      .when({ type: 'TerminateContract', ...terminated })
      .then([{ type: 'vouchers.ProviderContractTerminated', data: terminated }]);
    spec
      .given([])
      .when({ type: 'TerminateContract', ...terminated })
      .thenFails('contract-not-found');
  });
});
