import { DomainError, type CommandMetadata } from '@pk/kernel';
import fc from 'fast-check';
import { ids, issued72, issued90, program, reserve } from '../../test/voucher.fixtures';
import { type VoucherCommand, voucher, type VoucherEvent, type VoucherState } from './voucher.decider';

// Rules over any sequence of commands a voucher may receive, checked from the events alone (as an
// auditor replaying the stream would), never from the decider's own state.

const metadata: CommandMetadata = {
  now: new Date('2026-05-01T00:00:00Z'),
  actor: { id: 'spec', role: 'system' },
};
const programs = {
  matching: program(),
  offProfile: program({ subjects: ['history'] }),
  internship: program({ hours: 54, format: 'internship', subjects: [] }),
  tooLong: program({ hours: 72 }),
} as const;

const command: fc.Arbitrary<VoucherCommand> = fc.oneof(
  fc
    .record({
      n: fc.integer({ min: 1, max: 6 }),
      which: fc.constantFrom(...(Object.keys(programs) as (keyof typeof programs)[])),
      record: fc.boolean(),
    })
    .map(({ n, which, record }) => reserve(n, { program: programs[which], recordRefusal: record })),
  fc
    .record({
      n: fc.integer({ min: 1, max: 6 }),
      cause: fc.constantFrom('cancelled', 'dropout') as fc.Arbitrary<'cancelled' | 'dropout'>,
    })
    .map(
      ({ n, cause }) =>
        ({
          type: 'ReleaseBlock',
          voucherId: ids.voucher,
          region: '63',
          applicationId: reserve(n).request.applicationId,
          cause,
          reason: '',
        }) as const,
    ),
  fc.integer({ min: 1, max: 6 }).map(
    (n) =>
      ({
        type: 'RedeemBlock',
        voucherId: ids.voucher,
        region: '63',
        applicationId: reserve(n).request.applicationId,
        completedOn: '2026-06-01',
        certificateNumber: `N${n}`,
      }) as const,
  ),
  fc.constant({ type: 'ExpireVoucher', voucherId: ids.voucher } as const),
  fc.constant({ type: 'RevokeVoucher', voucherId: ids.voucher, region: '63', reason: 'Проверка' } as const),
);

/** Runs the commands as the handler would: a refusal stores nothing. */
function run(commands: readonly VoucherCommand[], issued = issued72): VoucherEvent[] {
  const history: VoucherEvent[] = [{ type: 'vouchers.VoucherIssued', data: issued }];
  let state: VoucherState = voucher.evolve(voucher.initialState, history[0]!);
  for (const c of commands) {
    try {
      for (const event of voucher.decide(c, state, metadata)) {
        history.push(event);
        state = voucher.evolve(state, event);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return history;
}

/** Each block's holder over the history, and every money movement, from the events alone. */
function audit(history: readonly VoucherEvent[]) {
  const issued = history[0]!.data as typeof issued72;
  const holder = new Map<number, { applicationId: string; matches: boolean } | 'redeemed' | 'gone'>();
  let redeemedHours = 0;
  let paid = 0;
  let returned = 0;
  const redeemedApplications = new Set<string>();
  for (const event of history.slice(1)) {
    switch (event.type) {
      case 'vouchers.BlockReserved': {
        const now = holder.get(event.data.block);
        expect(now === undefined || now === 'gone' ? undefined : now).toBeUndefined(); // never reserved while held
        expect(now).not.toBe('gone');
        holder.set(event.data.block, {
          applicationId: event.data.applicationId,
          matches: event.data.matchesProfile,
        });
        expect(event.data.amount).toBe(event.data.hours * issued.costPerHour[event.data.kind]);
        break;
      }
      case 'vouchers.BlockReleased':
        expect(holder.get(event.data.block)).toMatchObject({ applicationId: event.data.applicationId });
        holder.delete(event.data.block);
        break;
      case 'vouchers.BlockRedeemed': {
        expect(holder.get(event.data.block)).toMatchObject({ applicationId: event.data.applicationId });
        expect(redeemedApplications.has(event.data.applicationId)).toBe(false);
        redeemedApplications.add(event.data.applicationId);
        holder.set(event.data.block, 'redeemed');
        redeemedHours += event.data.hours;
        paid += event.data.amount;
        break;
      }
      case 'vouchers.VoucherExpired':
        for (const b of event.data.expiredBlocks) {
          expect(holder.get(b)).toBeUndefined(); // only a free block expires
          holder.set(b, 'gone');
        }
        returned += event.data.unspentAmount;
        break;
      case 'vouchers.VoucherRevoked':
        for (const b of issued.blocks) if (holder.get(b.block) !== 'redeemed') holder.set(b.block, 'gone');
        returned += event.data.unspentAmount;
        break;
      default:
        break;
    }
    // the subject rule, after every event: some block it spans is still free or went to a matching program
    const spans = issued.blocks.filter((b) => b.matchesProfile);
    if (
      spans.length > 0 &&
      !history.some((e) => e.type === 'vouchers.VoucherRevoked' || e.type === 'vouchers.VoucherExpired')
    ) {
      const satisfiable = spans.some((b) => {
        const h = holder.get(b.block);
        return h === undefined || (typeof h === 'object' && h.matches);
      });
      const everMatched = history.some(
        (e) => e.type === 'vouchers.BlockRedeemed' && isMatchingRedemption(history, e),
      );
      expect(satisfiable || everMatched).toBe(true);
    }
  }
  const reservedValue = [...holder.entries()].reduce(
    (sum, [b, h]) =>
      typeof h === 'object'
        ? sum + issued.blocks[b - 1]!.hours * issued.costPerHour[issued.blocks[b - 1]!.kind]
        : sum,
    0,
  );
  const freeValue = issued.blocks.reduce(
    (sum, b) => (holder.get(b.block) === undefined ? sum + b.hours * issued.costPerHour[b.kind] : sum),
    0,
  );
  return { issued, redeemedHours, paid, returned, reservedValue, freeValue };
}

function isMatchingRedemption(history: readonly VoucherEvent[], redemption: VoucherEvent): boolean {
  if (redemption.type !== 'vouchers.BlockRedeemed') return false;
  const reservation = history.find(
    (e) => e.type === 'vouchers.BlockReserved' && e.data.applicationId === redemption.data.applicationId,
  );
  return reservation?.type === 'vouchers.BlockReserved' && reservation.data.matchesProfile;
}

describe('a voucher under any sequence of commands', () => {
  for (const [name, issued] of [
    ['72 hours', issued72],
    ['90 hours', issued90],
  ] as const) {
    it(`${name}: never spends more hours than it holds, never a block twice, keeps the subject rule, and no money drifts`, () => {
      fc.assert(
        fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
          const history = run(commands, issued);
          const { redeemedHours, paid, returned, reservedValue, freeValue } = audit(history);
          expect(redeemedHours).toBeLessThanOrEqual(issued.blocks.reduce((h, b) => h + b.hours, 0));
          // every rouble of the voucher is in exactly one place: paid, returned, reserved or still free
          expect(paid + returned + reservedValue + freeValue).toBe(issued.amount);
        }),
        { numRuns: 500 },
      );
    });
  }

  it('a request delivered twice reserves once, whatever came between', () => {
    fc.assert(
      fc.property(
        fc.array(command, { maxLength: 10 }),
        fc.array(command, { maxLength: 10 }),
        (before, between) => {
          const once = reserve(7, { program: programs.matching });
          const history = run([...before, once, ...between, once]);
          const reservations = history.filter(
            (e) => e.type === 'vouchers.BlockReserved' && e.data.requestId === once.request.requestId,
          );
          expect(reservations.length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
