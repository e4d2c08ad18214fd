import { deciderSpec } from '@pk/test-kit';
import { ids, tariff } from '../../test/voucher.fixtures';
import { allotment, type AllotmentEvent, type CommitVouchers, type TeacherFacts } from './allotment.decider';
import { blocksOf } from './entitlement';

const spec = deciderSpec(allotment);
const key = { region: '63', year: 2026, municipalityId: ids.municipality };
const teacher = (n: number, fields: Partial<TeacherFacts> = {}): TeacherFacts => ({
  teacherId: `30000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
  region: '63',
  municipalityId: ids.municipality,
  organizationId: ids.organization,
  position: 'teacher',
  organizationKind: 'school',
  subjects: ['mathematics'],
  workProfile: '',
  ...fields,
});
const voucherId = (n: number) => `40000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const commit = (...ns: number[]): CommitVouchers => ({
  type: 'CommitVouchers',
  ...key,
  tariff,
  vouchers: ns.map((n) => ({
    voucherId: voucherId(n),
    teacherId: teacher(n).teacherId,
    teacher: teacher(n),
  })),
});
const credited = (amount: number, allotmentAfter = amount, committed = 0): AllotmentEvent => ({
  type: 'vouchers.AllotmentCredited',
  data: { ...key, amount, allotment: allotmentAfter, committed },
});
const committed = (ns: number[], committedAfter: number, allotmentNow: number): AllotmentEvent => ({
  type: 'vouchers.VouchersCommitted',
  data: {
    ...key,
    vouchers: ns.map((n) => ({
      voucherId: voucherId(n),
      teacherId: teacher(n).teacherId,
      organizationId: ids.organization,
      position: 'teacher',
      organizationKind: 'school',
      subjects: ['mathematics'],
      workProfile: '',
      category: '72-hours',
      blocks: blocksOf('72-hours'),
      amount: 18_000,
    })),
    costPerHour: tariff,
    amount: 18_000 * ns.length,
    committed: committedAfter,
    allotment: allotmentNow,
  },
});

describe('allotment', () => {
  it('commits a voucher at the tariff within the allotment; the event carries the total, not a delta', () => {
    spec
      .given([credited(40_000)])
      .when(commit(1))
      .then([committed([1], 18_000, 40_000)]);
    spec
      .given([credited(40_000), committed([1], 18_000, 40_000)])
      .when(commit(2))
      .then([committed([2], 36_000, 40_000)]);
  });

  it('never commits past the allotment: the refusal says what is left and what the voucher costs', () => {
    spec
      .given([credited(40_000), committed([1, 2], 36_000, 40_000)])
      .when(commit(3))
      .thenFails('budget-exhausted', /осталось 4000 ₽, а чек стоит 18000 ₽/);
    spec.given([]).when(commit(1)).thenFails('budget-exhausted');
    spec
      .given([credited(40_000)])
      .when(commit(1, 2, 3))
      .thenFails('budget-exhausted', /3 чеков стоят 54000/);
  });

  it('commits each voucher once, however often a batch or a request is sent again', () => {
    const history = [credited(100_000), committed([1, 2], 36_000, 100_000)];
    spec.given(history).when(commit(1, 2)).then([]);
    spec
      .given(history)
      .when(commit(2, 3))
      .then([committed([3], 54_000, 100_000)]);
  });

  it('refuses without a tariff, for a position without a voucher, an unknown organization, another municipality', () => {
    spec
      .given([credited(40_000)])
      .when({ ...commit(1), tariff: null })
      .thenFails('tariff-not-set');
    spec
      .given([credited(40_000)])
      .when({
        ...commit(),
        vouchers: [
          {
            voucherId: voucherId(1),
            teacherId: teacher(1).teacherId,
            teacher: teacher(1, { position: 'methodist', organizationKind: 'vocational-college' }),
          },
        ],
      })
      .thenFails('position-without-voucher');
    spec
      .given([credited(40_000)])
      .when({
        ...commit(),
        vouchers: [
          {
            voucherId: voucherId(1),
            teacherId: teacher(1).teacherId,
            teacher: teacher(1, { organizationKind: null }),
          },
        ],
      })
      .thenFails('organization-unknown');
    spec
      .given([credited(40_000)])
      .when({
        ...commit(),
        vouchers: [
          {
            voucherId: voucherId(1),
            teacherId: teacher(1).teacherId,
            teacher: teacher(1, { municipalityId: ids.organization }),
          },
        ],
      })
      .thenFails('teacher-not-found');
  });

  it('refuses a teacher the replicas do not know (erased, never registered, another region)', () => {
    spec
      .given([credited(40_000)])
      .when({
        ...commit(),
        vouchers: [{ voucherId: voucherId(1), teacherId: teacher(1).teacherId, teacher: null }],
      })
      .thenFails('teacher-not-found', new RegExp(teacher(1).teacherId));
  });

  it("commits of a bulk issue's batch what the money covers, in order, and leaves the rest", () => {
    spec
      .given([credited(40_000), committed([1], 18_000, 40_000)])
      .when({ ...commit(1, 2, 3), partial: true })
      .then([committed([2], 36_000, 40_000)]);
    spec
      .given([credited(40_000), committed([1, 2], 36_000, 40_000)])
      .when({ ...commit(3, 4), partial: true })
      .then([]);
  });

  it('values a 90-hour voucher by block type', () => {
    const master = teacher(1, {
      position: 'industrial-training-master',
      organizationKind: 'vocational-college',
    });
    const [event] = allotment.decide(
      {
        ...commit(),
        vouchers: [{ voucherId: voucherId(1), teacherId: teacher(1).teacherId, teacher: master }],
      },
      allotment.evolve(allotment.initialState, credited(100_000)),
      { now: new Date(), actor: { id: 'a', role: 'ministry-admin' } },
    );
    expect(event?.type === 'vouchers.VouchersCommitted' && event.data.vouchers[0]?.amount).toBe(
      36 * 250 + 54 * 300,
    );
  });

  it('takes money back from a revoked or expired voucher, and credits money allotted to the municipality', () => {
    spec
      .given([credited(40_000), committed([1], 18_000, 40_000)])
      .when({ type: 'ReturnVoucherMoney', ...key, voucherId: voucherId(1), amount: 9_000 })
      .then([
        {
          type: 'vouchers.VoucherMoneyReturned',
          data: { ...key, voucherId: voucherId(1), amount: 9_000, committed: 9_000 },
        },
      ]);
    spec
      .given([credited(40_000)])
      .when({ type: 'ReturnVoucherMoney', ...key, voucherId: voucherId(1), amount: 0 })
      .then([]);
    spec
      .given([credited(40_000), committed([1], 18_000, 40_000)])
      .when({ type: 'CreditAllotment', ...key, amount: 10_000 })
      .then([credited(10_000, 50_000, 18_000)]);
  });

  describe('taking money back (the ministry reduces the allotment)', () => {
    const reduce = (amount: number) => ({ type: 'ReduceAllotment', ...key, amount }) as const;
    const reduced = (amount: number, allotmentAfter: number, committedNow: number): AllotmentEvent => ({
      type: 'vouchers.AllotmentReduced',
      data: { ...key, amount, allotment: allotmentAfter, committed: committedNow },
    });

    it('takes back what no voucher has committed, down to exactly what is committed', () => {
      spec
        .given([credited(40_000), committed([1], 18_000, 40_000)])
        .when(reduce(22_000))
        .then([reduced(22_000, 18_000, 18_000)]);
    });

    it('never takes it below what the issued vouchers have committed; the refusal says what may go', () => {
      spec
        .given([credited(40_000), committed([1], 18_000, 40_000)])
        .when(reduce(22_001))
        .thenFails('allotment-below-committed', /не больше 22000 ₽.*18000 ₽ из 40000 ₽.*22001 ₽/);
      spec
        .given([])
        .when(reduce(1))
        .thenFails('allotment-below-committed', /не больше 0 ₽/);
    });

    it('refuses a non-positive amount', () => {
      spec
        .given([credited(40_000)])
        .when(reduce(0))
        .thenFails('amount-not-positive');
    });

    it('commits no voucher past the allotment once it is reduced', () => {
      spec
        .given([credited(40_000), reduced(30_000, 10_000, 0)])
        .when(commit(1))
        .thenFails('budget-exhausted', /осталось 10000 ₽/);
    });
  });
});
