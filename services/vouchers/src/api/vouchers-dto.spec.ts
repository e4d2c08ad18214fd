import { assertAppendable } from '@pk/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RevokeVoucherRequest, SetTariffRequest, SignContractRequest } from './voucher.dto';

// The DTOs' limits are the contracts': whatever a DTO lets through, the event's schema accepts.

const problems = <T extends object>(type: new () => T, body: object) =>
  validateSync(plainToInstance(type, body) as object, {
    whitelist: true,
    forbidNonWhitelisted: true,
  }).flatMap((e) => [
    ...Object.values(e.constraints ?? {}),
    ...(e.children ?? []).flatMap((c) => Object.values(c.constraints ?? {})),
  ]);

const contract = {
  region: '63',
  year: 2026,
  providerId: '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10',
  number: 'ИОЧ-2026/17',
  signedOn: '2026-01-20',
  validUntil: '2026-12-31',
};

describe('vouchers request DTOs', () => {
  it('takes a revocation reason up to the contract’s 1000 characters, and the event then passes its schema', () => {
    const reason = 'я'.repeat(1000);
    expect(problems(RevokeVoucherRequest, { region: '63', reason })).toEqual([]);
    expect(problems(RevokeVoucherRequest, { region: '63', reason: `${reason}я` })).not.toEqual([]);
    expect(problems(RevokeVoucherRequest, { region: '63', reason: '' })).not.toEqual([]);
    expect(() =>
      assertAppendable('vouchers.VoucherRevoked', {
        voucherId: contract.providerId,
        teacherId: contract.providerId,
        region: '63',
        year: 2026,
        municipalityId: contract.providerId,
        reason,
        releasedBlocks: [],
        unspentAmount: 0,
      }),
    ).not.toThrow();
  });

  it('refuses a tariff outside the contract and a date that is not a day of the calendar, naming the field', () => {
    expect(problems(SetTariffRequest, { costPerHour: { variable: 250, internship: 300 } })).toEqual([]);
    expect(problems(SetTariffRequest, { costPerHour: { variable: 0, internship: 300 } }).join()).toMatch(
      /variable/,
    );
    expect(
      problems(SetTariffRequest, { costPerHour: { variable: 250, internship: 100_001 } }).join(),
    ).toMatch(/internship/);
    expect(problems(SignContractRequest, contract)).toEqual([]);
    expect(problems(SignContractRequest, { ...contract, signedOn: '2026-02-30' })).toEqual([
      'signedOn: ожидается дата, например 2026-03-02',
    ]);
  });
});
