import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { type InMemoryService, publishedEvent, startInMemoryService, TestClock } from '@pk/test-kit';
import { contractSigned, issued, redeemed, reserved, teacherPlace } from '../../test/ledger.fixtures';
import { service } from '../service';

// The fraud signals on the in-memory kit: a provider's unusual day with its vouchers, a block spent
// with the teacher's own school (same ИНН), redemptions with no attendance (or none of it attended)
// from enrollment's records — and who may read them, cell by cell.

interface Signals {
  unusualRedemptionDays: {
    status: string;
    description: string;
    findings: {
      providerId: string;
      day: string;
      count: number;
      median: number;
      threshold: number;
      vouchers: { voucherId: string }[];
    }[];
  };
  ownOrganizationProvider: {
    status: string;
    findings: {
      voucherId: string;
      block: number;
      teacherId: string;
      organizationId: string;
      providerId: string;
      state: string;
      inn: string;
    }[];
  };
  redemptionWithoutAttendance: {
    status: string;
    description: string;
    findings: {
      voucherId: string;
      block: number;
      applicationId: string;
      providerId: string;
      programId: string;
      redeemedOn: string;
      attendanceFound: boolean;
      attendance: { hoursAttended: number; hoursPlanned: number } | null;
    }[];
  };
}

describe('vouchers fraud signals API', () => {
  const clock = new TestClock(new Date('2026-03-02T09:00:00Z'));
  let api: InMemoryService;

  const busy = randomUUID(); // a provider with a day far past its usual
  const schoolAsProvider = randomUUID(); // a provider with the ИНН of a school
  const school = teacherPlace().organizationId;
  const otherSchool = teacherPlace().organizationId;
  const redemptions: { applicationId: string; voucherId: string; programId: string }[] = [];
  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region: '63' };
  const auditor: Principal = { subject: 'audit', role: 'auditor', region: '63' };

  beforeAll(async () => {
    api = await startInMemoryService(service, { clock });
    api.publish(
      publishedEvent(
        'catalog.ProviderRegistered',
        { providerId: busy, inn: '6316999999' },
        { subject: `provider-${busy}` },
      ),
      publishedEvent(
        'catalog.ProviderRegistered',
        { providerId: schoolAsProvider, inn: '6316000001' },
        { subject: `provider-${schoolAsProvider}` },
      ),
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId: school, kind: 'school', inn: '6316000001' },
        { subject: `organization-${school}` },
      ),
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId: otherSchool, kind: 'school', inn: '6316000002' },
        { subject: `organization-${otherSchool}` },
      ),
    );
    const busyContract = (await contractSigned(api.store, busy)).contractId;
    const ownContract = (await contractSigned(api.store, schoolAsProvider)).contractId;
    // the busy provider: 2 a day on three days, then 7 on one day (past max(5, 3 × 2))
    const days = ['2026-03-02', '2026-03-09', '2026-03-16'];
    for (const [day, count] of [...days.map((d) => [d, 2] as const), ['2026-04-17', 7] as const]) {
      for (let i = 0; i < count; i++) {
        const voucher = await issued(api.store, teacherPlace({ organizationId: otherSchool }));
        const reservation = await reserved(api.store, voucher, 1, {
          providerId: busy,
          contractId: busyContract,
        });
        await redeemed(api.store, reservation, day);
        redemptions.push(reservation);
      }
    }
    // enrollment's attendance: the first course attended, the second recorded with none of it attended
    const attendance = (applicationId: string, hoursAttended: number) =>
      publishedEvent(
        'enrollment.AttendanceRecorded',
        { applicationId, providerId: busy, hoursAttended, hoursPlanned: 36 },
        { subject: `enrollment-${applicationId}`, position: 2 },
      );
    api.publish(attendance(redemptions[0]!.applicationId, 34), attendance(redemptions[1]!.applicationId, 0));
    // a teacher of the school spends one block with the school itself, another with the busy provider
    const own = await issued(api.store, teacherPlace({ organizationId: school }));
    await reserved(api.store, own, 1, { providerId: schoolAsProvider, contractId: ownContract });
    await reserved(api.store, own, 2, { providerId: busy, contractId: busyContract });
    // a teacher of another school with the school-provider: a different ИНН, no signal
    const stranger = await issued(api.store, teacherPlace({ organizationId: otherSchool }));
    await reserved(api.store, stranger, 1, { providerId: schoolAsProvider, contractId: ownContract });
  });
  afterAll(() => api.close());

  const signals = async (principal: Principal) =>
    (await api.as(principal).get<Signals>('/fraud-signals/63/2026')).body;

  it('lists a provider’s day past max(5, 3 × its median) with its vouchers', async () => {
    const { unusualRedemptionDays } = await signals(admin);
    expect(unusualRedemptionDays.status).toBe('checked');
    expect(unusualRedemptionDays.description).toContain('медиана');
    expect(unusualRedemptionDays.findings).toEqual([
      expect.objectContaining({ providerId: busy, day: '2026-04-17', count: 7, median: 2, threshold: 6 }),
    ]);
    expect(unusualRedemptionDays.findings[0]!.vouchers).toHaveLength(7);
  });

  it('lists a block reserved with the teacher’s own organization by ИНН, with ids and no names', async () => {
    const { ownOrganizationProvider } = await signals(auditor);
    expect(ownOrganizationProvider.status).toBe('checked');
    expect(ownOrganizationProvider.findings).toEqual([
      expect.objectContaining({
        organizationId: school,
        providerId: schoolAsProvider,
        state: 'reserved',
        inn: '6316000001',
        block: 1,
      }),
    ]);
    expect(JSON.stringify(ownOrganizationProvider)).not.toMatch(/"(name|fullName|lastName)"/);
  });

  it('lists redemptions with no attendance or none attended, with the evidence', async () => {
    const { redemptionWithoutAttendance } = await signals(admin);
    expect(redemptionWithoutAttendance.status).toBe('checked');
    expect(redemptionWithoutAttendance.description).toContain('посещаемость');
    const listed = redemptionWithoutAttendance.findings.map((f) => f.applicationId);
    // 13 redeemed, one attended: the other 12, the one with 0 hours among them
    expect(listed).toHaveLength(redemptions.length - 1);
    expect(listed).not.toContain(redemptions[0]!.applicationId);
    expect(redemptionWithoutAttendance.findings).toContainEqual(
      expect.objectContaining({
        applicationId: redemptions[1]!.applicationId,
        voucherId: redemptions[1]!.voucherId,
        programId: redemptions[1]!.programId,
        providerId: busy,
        redeemedOn: '2026-03-02',
        attendanceFound: true,
        attendance: expect.objectContaining({ hoursAttended: 0, hoursPlanned: 36 }),
      }),
    );
    expect(redemptionWithoutAttendance.findings).toContainEqual(
      expect.objectContaining({
        applicationId: redemptions[2]!.applicationId,
        attendanceFound: false,
        attendance: null,
      }),
    );
  });

  it('finds nothing in a year without redemptions', async () => {
    const { body } = await api.as(admin).get<Signals>('/fraud-signals/63/2027');
    expect(body.unusualRedemptionDays.findings).toEqual([]);
    expect(body.ownOrganizationProvider.findings).toEqual([]);
    expect(body.redemptionWithoutAttendance.findings).toEqual([]);
  });

  it.each<[string, number, Principal]>([
    ['ministry-admin', 200, admin],
    ['auditor', 200, auditor],
    ['teacher', 403, { subject: randomUUID(), role: 'teacher', region: '63' }],
    ['provider', 403, { subject: 'p', role: 'provider', region: '63', organization: busy }],
    [
      'school coordinator',
      403,
      { subject: 'oo', role: 'school-coordinator', region: '63', organization: school },
    ],
    ['ministry-admin of another region', 403, { subject: 'a24', role: 'ministry-admin', region: '24' }],
    ['auditor of another region', 403, { subject: 'u24', role: 'auditor', region: '24' }],
  ])('answers %s with %i', async (_who, status, principal) => {
    expect((await api.as(principal).get('/fraud-signals/63/2026')).status).toBe(status);
  });

  it('refuses a malformed region or year with a 400 naming the field', async () => {
    const answer = await api.as(admin).get<{ message: unknown }>('/fraud-signals/63/26');
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('year');
  });
});
