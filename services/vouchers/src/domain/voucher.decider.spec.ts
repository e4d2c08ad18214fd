import { deciderSpec } from '@pk/test-kit';
import {
  contract,
  ids,
  issued72,
  issued90,
  program,
  request,
  reserve,
  tariff,
} from '../../test/voucher.fixtures';
import { type ReserveBlock, voucher, type VoucherEvent } from './voucher.decider';

const spec = deciderSpec(voucher);
const issued = (data = issued72): VoucherEvent => ({ type: 'vouchers.VoucherIssued', data });
const key = { voucherId: ids.voucher, teacherId: ids.teacher, region: '63', year: 2026 };

/** The reservation `reserve(n)` decides on the given voucher, taking `block`. */
function reserved(
  n: number,
  block: number,
  fields: { matchesProfile?: boolean; kind?: 'variable' | 'internship' } = {},
): VoucherEvent {
  const kind = fields.kind ?? 'variable';
  const hours = kind === 'variable' ? 36 : 54;
  return {
    type: 'vouchers.BlockReserved',
    data: {
      ...key,
      block,
      kind,
      hours,
      ...request(n),
      contractId: ids.contract,
      matchesProfile: fields.matchesProfile ?? true,
      amount: hours * tariff[kind],
    },
  };
}
const offProfile = program({ subjects: ['history'] });
const released = (
  n: number,
  block: number,
  cause: 'cancelled' | 'dropout' | 'manual' = 'cancelled',
  reason = '',
): VoucherEvent => ({
  type: 'vouchers.BlockReleased',
  data: {
    ...key,
    block,
    requestId: request(n).requestId,
    applicationId: request(n).applicationId,
    providerId: ids.provider,
    cause,
    reason,
  },
});
const redeem = (n: number) =>
  ({
    type: 'RedeemBlock',
    voucherId: ids.voucher,
    region: '63',
    applicationId: request(n).applicationId,
    completedOn: '2026-04-17',
    certificateNumber: '632417891234',
  }) as const;
const redeemed = (n: number, block: number): VoucherEvent => ({
  type: 'vouchers.BlockRedeemed',
  data: {
    ...key,
    block,
    kind: 'variable',
    requestId: request(n).requestId,
    applicationId: request(n).applicationId,
    programId: request(n).programId,
    offeringId: ids.offering,
    providerId: ids.provider,
    contractId: ids.contract,
    hours: 36,
    costPerHour: 250,
    amount: 9_000,
    completedOn: '2026-04-17',
    certificateNumber: '632417891234',
  },
});

describe('voucher', () => {
  it('is issued once: the commitment delivered again decides nothing', () => {
    spec
      .given([])
      .when({ type: 'IssueVoucher', ...issued72 })
      .then([issued()]);
    spec
      .given([issued()])
      .when({ type: 'IssueVoucher', ...issued72 })
      .then([]);
  });

  describe('reserving a block', () => {
    it('reserves a free variable block for an approved, voucher-eligible program of the register that fits it', () => {
      spec
        .given([issued()])
        .when(reserve(1))
        .then([reserved(1, 1)]);
      spec
        .given([issued(), reserved(1, 1)])
        .when(reserve(2))
        .then([reserved(2, 2)]);
    });

    it('reserves once for a request that arrives twice, or for another request of the same application', () => {
      spec
        .given([issued(), reserved(1, 1)])
        .when(reserve(1))
        .then([]);
      spec
        .given([issued(), reserved(1, 1)])
        .when(reserve(1, { request: { ...request(9), applicationId: request(1).applicationId } }))
        .then([]);
    });

    it('refuses a program that is not in the register, not voucher-eligible, of another region or another provider', () => {
      spec
        .given([issued()])
        .when(reserve(1, { program: null }))
        .thenFails('program-not-in-register', /реестр/);
      spec
        .given([issued()])
        .when(reserve(1, { program: program({ inRegister: false }) }))
        .thenFails('program-not-in-register');
      spec
        .given([issued()])
        .when(reserve(1, { program: program({ region: '24' }) }))
        .thenFails('program-not-in-register');
      spec
        .given([issued()])
        .when(reserve(1, { program: program({ voucherEligible: false }) }))
        .thenFails('program-not-voucher-eligible');
      spec
        .given([issued()])
        .when(reserve(1, { program: program({ providerId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9' }) }))
        .thenFails('program-provider-mismatch');
    });

    it('refuses a provider without a contract of the year, or whose contract was terminated', () => {
      spec
        .given([issued()])
        .when(reserve(1, { contract: null }))
        .thenFails('provider-without-contract', /договор/);
      spec
        .given([issued()])
        .when(reserve(1, { contract: contract({ active: false }) }))
        .thenFails('provider-contract-terminated');
    });

    it('refuses a reservation after the contract’s last day, and takes one on that day', () => {
      spec
        .given([issued()])
        .when(reserve(1, { contract: contract({ validUntil: '2026-06-30' }), on: '2026-07-01' }))
        .thenFails('provider-contract-expired', /срок действия договора .* истёк 2026-06-30/);
      spec
        .given([issued()])
        .when(reserve(1, { contract: contract({ validUntil: '2026-06-30' }), on: '2026-06-30' }))
        .then([reserved(1, 1)]);
    });

    it('refuses a reservation before the contract is in force, and takes one on its first day', () => {
      spec
        .given([issued()])
        .when(reserve(1, { contract: contract({ validFrom: '2026-03-10' }), on: '2026-03-09' }))
        .thenFails('provider-contract-not-yet-valid', /действует с 2026-03-10/);
      spec
        .given([issued()])
        .when(reserve(1, { contract: contract({ validFrom: '2026-03-10' }), on: '2026-03-10' }))
        .then([reserved(1, 1)]);
    });

    it('answers an enrollment request past the contract with a stored refusal naming the reason', () => {
      spec
        .given([issued()])
        .when(
          reserve(1, {
            contract: contract({ validUntil: '2026-06-30' }),
            on: '2026-09-01',
            recordRefusal: true,
          }),
        )
        .then([
          {
            type: 'vouchers.BlockReservationRefused',
            data: {
              ...key,
              ...request(1),
              code: 'provider-contract-expired',
              message: expect.stringContaining('истёк 2026-06-30') as unknown as string,
            },
          },
        ]);
    });

    it("refuses a program that does not target the teacher's position or kind of organization", () => {
      spec
        .given([issued()])
        .when(reserve(1, { program: program({ targetPositions: ['preschool-teacher'] }) }))
        .thenFails('program-not-for-position', /Учитель/);
      spec
        .given([issued()])
        .when(reserve(1, { program: program({ organizationTypes: ['preschool'] }) }))
        .thenFails('program-not-for-organization-kind', /Общеобразовательная/);
    });

    it('fits the block: a variable block takes a 36-hour program, the internship block a 54-hour internship', () => {
      spec
        .given([issued()])
        .when(reserve(1, { program: program({ hours: 72 }) }))
        .thenFails('program-does-not-fit-block', /72 ч/);
      spec
        .given([issued()])
        .when(reserve(1, { program: program({ hours: 54, format: 'internship' }) }))
        .thenFails('no-free-block', /стажировки/); // a 72-hour voucher has no internship block
      spec
        .given([issued(issued90)])
        .when(reserve(1, { program: program({ hours: 54, format: 'internship', subjects: [] }) }))
        .then([reserved(1, 2, { kind: 'internship', matchesProfile: false })]);
      spec
        .given([issued(issued90)])
        .when(reserve(1, { program: program({ hours: 36, format: 'internship' }) }))
        .thenFails('program-does-not-fit-block', /стажировка в 36 ч/);
      spec
        .given([issued()])
        .when(reserve(1, { program: program({ kind: 'retraining', hours: 36 }) }))
        .thenFails('program-not-advanced-training');
    });

    it('refuses when no block of the kind is free', () => {
      spec
        .given([issued(), reserved(1, 1), reserved(2, 2)])
        .when(reserve(3))
        .thenFails('no-free-block', /вариативного/);
      spec
        .given([issued(issued90), reserved(1, 1, { matchesProfile: false })])
        .when(reserve(2, { program: program({ subjects: [] }) }))
        .thenFails('no-free-block');
    });

    it('keeps the subject rule: a non-matching program may take one variable block of a 72-hour voucher, never both', () => {
      spec
        .given([issued()])
        .when(reserve(1, { program: offProfile }))
        .then([reserved(1, 1, { matchesProfile: false })]);
      spec
        .given([issued(), reserved(1, 1, { matchesProfile: false })])
        .when(reserve(2, { program: offProfile }))
        .thenFails('subject-rule', /по преподаваемому предмету или профилю работы/);
      // the first went to mathematics: the second may go to anything
      spec
        .given([issued(), reserved(1, 1)])
        .when(reserve(2, { program: offProfile }))
        .then([reserved(2, 2, { matchesProfile: false })]);
      // the matching block was released while the other went off-profile: only a matching program may take it
      spec
        .given([issued(), reserved(1, 1), reserved(2, 2, { matchesProfile: false }), released(1, 1)])
        .when(reserve(3, { program: offProfile }))
        .thenFails('subject-rule');
      // block 2 went to a matching program after block 1 was taken: block 1, released, may go off-profile
      spec
        .given([issued(), reserved(1, 1), reserved(2, 2), released(1, 1)])
        .when(reserve(3, { program: offProfile }))
        .then([reserved(3, 1, { matchesProfile: false })]);
      spec
        .given([issued(), reserved(1, 1, { matchesProfile: false }), reserved(2, 2), released(1, 1)])
        .when(reserve(3, { program: offProfile }))
        .then([reserved(3, 1, { matchesProfile: false })]);
    });

    it('matches the work profile of vocational staff as well as subjects', () => {
      const welding = program({ subjects: [], workProfile: 'сварочное производство ' });
      spec
        .given([issued({ ...issued72, subjects: [], workProfile: 'Сварочное производство' })])
        .when(reserve(1, { program: welding }))
        .then([reserved(1, 1, { matchesProfile: true })]);
    });

    it('answers an enrollment request with a stored refusal; a ministry request is refused with nothing stored', () => {
      const asked: ReserveBlock = reserve(1, { contract: null, recordRefusal: true });
      spec
        .given([issued()])
        .when(asked)
        .then([
          {
            type: 'vouchers.BlockReservationRefused',
            data: {
              ...key,
              ...request(1),
              code: 'provider-without-contract',
              message: expect.stringMatching(/договор/) as unknown as string,
            },
          },
        ]);
      // no voucher at all: the answer still goes out, opening the stream the voucher would have
      spec
        .given([])
        .when(asked)
        .then([
          {
            type: 'vouchers.BlockReservationRefused',
            data: {
              ...key,
              ...request(1),
              code: 'voucher-not-found',
              message: 'у педагога нет ИОЧ на 2026 год в регионе 63',
            },
          },
        ]);
    });

    it("refuses another region's voucher, a revoked and an expired one", () => {
      spec
        .given([issued()])
        .when(reserve(1, { region: '24' }))
        .thenFails('voucher-not-found');
      spec.given([]).when(reserve(1)).thenFails('voucher-not-found');
      const revoked: VoucherEvent = {
        type: 'vouchers.VoucherRevoked',
        data: {
          ...key,
          municipalityId: ids.municipality,
          reason: 'Уволился',
          releasedBlocks: [],
          unspentAmount: 18_000,
        },
      };
      spec.given([issued(), revoked]).when(reserve(1)).thenFails('voucher-revoked');
      const expired: VoucherEvent = {
        type: 'vouchers.VoucherExpired',
        data: { ...key, municipalityId: ids.municipality, expiredBlocks: [1, 2], unspentAmount: 18_000 },
      };
      spec.given([issued(), expired]).when(reserve(1)).thenFails('voucher-expired');
    });
  });

  describe('releasing and redeeming', () => {
    it('releases the block of a cancelled application, once', () => {
      const release = {
        type: 'ReleaseBlock',
        voucherId: ids.voucher,
        region: '63',
        applicationId: request(1).applicationId,
        cause: 'cancelled',
        reason: 'Передумал',
      } as const;
      spec
        .given([issued(), reserved(1, 1)])
        .when(release)
        .then([released(1, 1, 'cancelled', 'Передумал')]);
      spec
        .given([issued(), reserved(1, 1), released(1, 1)])
        .when(release)
        .then([]);
      spec.given([issued()]).when(release).then([]); // nothing was reserved: nothing to give back
      spec
        .given([issued(), reserved(1, 1), redeemed(1, 1)])
        .when(release)
        .thenFails('block-already-redeemed');
    });

    it('redeems on completion at the tariff the voucher was valued at, once: a payable to the provider under its contract', () => {
      spec
        .given([issued(), reserved(1, 1)])
        .when(redeem(1))
        .then([redeemed(1, 1)]);
      spec
        .given([issued(), reserved(1, 1), redeemed(1, 1)])
        .when(redeem(1))
        .then([]);
      spec.given([issued()]).when(redeem(1)).thenFails('block-not-reserved');
      spec
        .given([issued(), reserved(1, 1), released(1, 1)])
        .when(redeem(1))
        .thenFails('block-not-reserved');
    });
  });

  describe('the end of the voucher', () => {
    const expire = { type: 'ExpireVoucher', voucherId: ids.voucher } as const;

    it("expires what is neither spent nor reserved at the cycle's end; a reserved block waits for its course", () => {
      spec
        .given([issued(), reserved(1, 1)])
        .when(expire)
        .then([
          {
            type: 'vouchers.VoucherExpired',
            data: { ...key, municipalityId: ids.municipality, expiredBlocks: [2], unspentAmount: 9_000 },
          },
        ]);
      const expired: VoucherEvent = {
        type: 'vouchers.VoucherExpired',
        data: { ...key, municipalityId: ids.municipality, expiredBlocks: [2], unspentAmount: 9_000 },
      };
      spec
        .given([issued(), reserved(1, 1), expired])
        .when(expire)
        .then([]);
      // its course completed after the end: still paid
      spec
        .given([issued(), reserved(1, 1), expired])
        .when(redeem(1))
        .then([redeemed(1, 1)]);
      // released after the end: the block expires at once, its money returns
      spec
        .given([issued(), reserved(1, 1), expired])
        .when({
          type: 'ReleaseBlock',
          voucherId: ids.voucher,
          region: '63',
          applicationId: request(1).applicationId,
          cause: 'dropout',
          reason: '',
        })
        .then([
          released(1, 1, 'dropout'),
          {
            type: 'vouchers.VoucherExpired',
            data: { ...key, municipalityId: ids.municipality, expiredBlocks: [1], unspentAmount: 9_000 },
          },
        ]);
    });

    it('revokes with a reason, releasing what is reserved; what is redeemed stays paid', () => {
      const revoke = {
        type: 'RevokeVoucher',
        voucherId: ids.voucher,
        region: '63',
        reason: 'Уволился',
      } as const;
      const revoked: VoucherEvent = {
        type: 'vouchers.VoucherRevoked',
        data: {
          ...key,
          municipalityId: ids.municipality,
          reason: 'Уволился',
          releasedBlocks: [2],
          unspentAmount: 9_000,
        },
      };
      spec
        .given([issued(), reserved(1, 1), redeemed(1, 1), reserved(2, 2)])
        .when(revoke)
        .then([released(2, 2, 'manual', 'ИОЧ отозван: Уволился'), revoked]);
      spec.given([issued(), revoked]).when(revoke).then([]);
      spec.given([]).when(revoke).thenFails('voucher-not-found');
      spec
        .given([issued()])
        .when({ ...revoke, region: '24' })
        .thenFails('voucher-not-found');
    });
  });
});
