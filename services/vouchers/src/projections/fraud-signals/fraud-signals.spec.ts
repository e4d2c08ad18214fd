import {
  median,
  ownOrganizationSpends,
  type RedeemedApplication,
  redemptionsWithoutAttendance,
  unusualDays,
  type Redemption,
} from './fraud-signals';

const redemptions = (providerId: string, day: string, count: number, from = 0): Redemption[] =>
  Array.from({ length: count }, (_, index) => ({
    providerId,
    day,
    voucherId: `v-${providerId}-${day}-${String(from + index).padStart(3, '0')}`,
    block: 1,
  }));

describe('fraud signals', () => {
  it('takes the median of odd and even lists', () => {
    expect(median([])).toBe(0);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('flags a day past three times the provider’s own median, with the vouchers as evidence', () => {
    const history = [
      ...redemptions('p', '2026-03-01', 3),
      ...redemptions('p', '2026-03-08', 4),
      ...redemptions('p', '2026-03-15', 3),
      ...redemptions('p', '2026-03-22', 3),
    ];
    // median 3 (the flagged day among the days), threshold 9: nine is usual, ten is not
    expect(unusualDays([...history, ...redemptions('p', '2026-04-17', 9)])).toEqual([]);
    const [day, ...rest] = unusualDays([...history, ...redemptions('p', '2026-04-17', 10)]);
    expect(rest).toEqual([]);
    expect(day).toMatchObject({ providerId: 'p', day: '2026-04-17', count: 10, median: 3, threshold: 9 });
    expect(day!.vouchers).toEqual(
      redemptions('p', '2026-04-17', 10).map(({ voucherId }) => ({ voucherId, block: 1 })),
    );
  });

  it('flags 12 on a day of a provider who redeems 3 a day, not 12 of one who redeems 12', () => {
    const found = unusualDays([
      ...redemptions('small', '2026-03-01', 3),
      ...redemptions('small', '2026-03-02', 3),
      ...redemptions('small', '2026-03-03', 12),
      ...redemptions('big', '2026-03-01', 12),
      ...redemptions('big', '2026-03-02', 12),
      ...redemptions('big', '2026-03-03', 12),
    ]);
    expect(
      found.map(({ providerId, day, count, median: m }) => ({ providerId, day, count, median: m })),
    ).toEqual([{ providerId: 'small', day: '2026-03-03', count: 12, median: 3 }]);
    expect(found[0]!.vouchers).toHaveLength(12);
  });

  it('never flags five or fewer in a day, whatever the median', () => {
    expect(
      unusualDays([
        ...redemptions('p', '2026-03-01', 1),
        ...redemptions('p', '2026-03-02', 1),
        ...redemptions('p', '2026-03-03', 5),
      ]),
    ).toEqual([]);
    expect(
      unusualDays([
        ...redemptions('p', '2026-03-01', 1),
        ...redemptions('p', '2026-03-02', 1),
        ...redemptions('p', '2026-03-03', 6),
      ]),
    ).toHaveLength(1);
  });

  it('ties a block to the teacher’s own organization by the same ИНН, reserved or redeemed', () => {
    const inns: Record<string, string> = {
      school: '6316000001',
      'school-as-provider': '6316000001',
      other: '6316999999',
    };
    const block = (voucherId: string, providerId: string, state: string) => ({
      voucherId,
      block: 1,
      teacherId: `t-${voucherId}`,
      organizationId: 'school',
      providerId,
      state,
    });
    const found = ownOrganizationSpends(
      [
        block('a', 'school-as-provider', 'redeemed'),
        block('b', 'school-as-provider', 'reserved'),
        block('c', 'school-as-provider', 'free'), // released: nothing spent
        block('d', 'other', 'redeemed'),
        block('e', 'unknown', 'redeemed'),
      ],
      (id) => inns[id],
      (id) => inns[id],
    );
    expect(found.map((f) => [f.voucherId, f.inn])).toEqual([
      ['a', '6316000001'],
      ['b', '6316000001'],
    ]);
    // an organization without an ИНН in the replica ties nothing, even to a provider without one
    expect(
      ownOrganizationSpends(
        [block('f', 'unknown', 'redeemed')],
        () => undefined,
        () => undefined,
      ),
    ).toEqual([]);
  });

  describe('redemptions without attendance', () => {
    const redeemedBlock = (applicationId: string, voucherId: string, block = 1): RedeemedApplication => ({
      voucherId,
      block,
      applicationId,
      providerId: 'p',
      programId: 'prog',
      day: '2026-04-17',
    });
    const recorded = new Map([
      ['attended', { hoursAttended: 34, hoursPlanned: 36, recordedAt: '2026-04-16T16:00:00.000Z' }],
      ['partly', { hoursAttended: 1, hoursPlanned: 36, recordedAt: '2026-04-16T16:00:00.000Z' }],
      ['absent', { hoursAttended: 0, hoursPlanned: 36, recordedAt: '2026-04-16T16:00:00.000Z' }],
    ]);

    it('lists a redemption with no record, and one with zero hours attended, with what was found', () => {
      const found = redemptionsWithoutAttendance(
        [
          redeemedBlock('attended', 'v-a'),
          redeemedBlock('none', 'v-c', 2),
          redeemedBlock('absent', 'v-b'),
          redeemedBlock('partly', 'v-d'),
        ],
        (id) => recorded.get(id),
      );
      expect(found).toEqual([
        { ...redeemedBlock('absent', 'v-b'), attendance: recorded.get('absent') },
        { ...redeemedBlock('none', 'v-c', 2), attendance: null },
      ]);
    });

    it('finds nothing when every redemption was attended', () => {
      expect(
        redemptionsWithoutAttendance([redeemedBlock('attended', 'v-a')], (id) => recorded.get(id)),
      ).toEqual([]);
    });
  });
});
