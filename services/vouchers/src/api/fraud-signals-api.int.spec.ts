import { randomUUID } from 'node:crypto';
import { publicTopic, REGION_CODES } from '@pk/contracts';
import { type EventStore, toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { EVENT_STORE, ServiceKit } from '@pk/service-runtime';
import {
  publishedEvent,
  serverEndpoints,
  type ServiceApi,
  reactionsFromNow,
  startServiceApi,
  until,
} from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { contractSigned, issued, redeemed, reserved, teacherPlace } from '../../test/ledger.fixtures';
import { service } from '../service';

// The fraud signals as the service runs: catalog's providers and organizations (with ИНН) from Kafka,
// the vouchers' events relayed from the PostgreSQL store, the redemptions by day and the ledger on
// FerretDB — each read an indexed equality there.
jest.setTimeout(180_000);

interface Signals {
  unusualRedemptionDays: { findings: { providerId: string; day: string; count: number; median: number }[] };
  ownOrganizationProvider: {
    findings: { voucherId: string; providerId: string; state: string; inn: string }[];
  };
  redemptionWithoutAttendance: {
    status: string;
    findings: { voucherId: string; applicationId: string; attendanceFound: boolean }[];
  };
}

describe('vouchers fraud signals on PostgreSQL, Kafka and FerretDB (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'vouchers-fraud-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  // a region and year of this run alone: the stack's servers outlive runs
  const region = REGION_CODES.filter((code) => code !== '63')[
    Math.floor(Math.random() * (REGION_CODES.length - 1))
  ]!;
  const year = 2030 + Math.floor(Math.random() * 60);
  // an ИНН of this run alone: the replica finds organizations by ИНН across regions
  const inn = String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999));
  const busy = randomUUID();
  const schoolAsProvider = randomUUID();
  const school = randomUUID();
  let api: ServiceApi;
  let store: EventStore;

  beforeAll(async () => {
    await reactionsFromNow('vouchers');
    api = await startServiceApi('vouchers', [ServiceKit.forService(service)]);
    store = api.app.get(EVENT_STORE);
  });
  afterAll(async () => {
    await api.close();
    await bus.close();
  });

  it('lists a provider’s unusual day and a block spent with the teacher’s own school', async () => {
    await bus.publish(publicTopic('catalog'), [
      toMessage(
        publishedEvent(
          'catalog.ProviderRegistered',
          { providerId: busy, region, inn: '0000000000' },
          { subject: `provider-${busy}` },
        ),
      ),
      toMessage(
        publishedEvent(
          'catalog.ProviderRegistered',
          { providerId: schoolAsProvider, region, inn },
          { subject: `provider-${schoolAsProvider}` },
        ),
      ),
      toMessage(
        publishedEvent(
          'catalog.OrganizationRegistered',
          { organizationId: school, region, kind: 'school', inn },
          { subject: `organization-${school}` },
        ),
      ),
    ]);
    const busyContract = (await contractSigned(store, busy, region, year)).contractId;
    const ownContract = (await contractSigned(store, schoolAsProvider, region, year)).contractId;
    for (const [day, count] of [
      ['03-02', 2],
      ['03-09', 2],
      ['03-16', 2],
      ['04-17', 7],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const voucher = await issued(store, teacherPlace({ region }), year);
        const reservation = await reserved(store, voucher, 1, { providerId: busy, contractId: busyContract });
        await redeemed(store, reservation, `${year}-${day}`);
      }
    }
    const own = await issued(store, teacherPlace({ region, organizationId: school }), year);
    const ownReservation = await reserved(store, own, 1, {
      providerId: schoolAsProvider,
      contractId: ownContract,
    });
    await redeemed(store, ownReservation, `${year}-05-20`);

    const admin = { subject: 'admin', role: 'ministry-admin', region } as const;
    let body: Signals | undefined;
    await until(async () => {
      body = (await api.as(admin).get<Signals>(`/fraud-signals/${region}/${year}`)).body;
      return (
        body.unusualRedemptionDays?.findings.some((d) => d.count === 7) === true &&
        body.ownOrganizationProvider?.findings.some((f) => f.state === 'redeemed') === true
      );
    }, 'both signals in the read models');
    expect(body!.unusualRedemptionDays.findings).toEqual([
      expect.objectContaining({ providerId: busy, day: `${year}-04-17`, count: 7, median: 2 }),
    ]);
    expect(body!.ownOrganizationProvider.findings).toEqual([
      expect.objectContaining({
        voucherId: own.voucherId,
        providerId: schoolAsProvider,
        state: 'redeemed',
        inn,
      }),
    ]);
    expect(body!.redemptionWithoutAttendance.status).toBe('checked');
  });

  it('lists exactly the redeemed block whose application has no attendance from enrollment', async () => {
    // a year of its own, so the first test's redemptions (none attended) are not in it
    const cycle = year + 11;
    const provider = randomUUID();
    const contractId = (await contractSigned(store, provider, region, cycle)).contractId;
    const [attended, unattended] = await Promise.all(
      [0, 1].map(async () => {
        const voucher = await issued(store, teacherPlace({ region }), cycle);
        const reservation = await reserved(store, voucher, 1, { providerId: provider, contractId });
        await redeemed(store, reservation, `${cycle}-04-17`);
        return reservation;
      }),
    );
    const admin = { subject: 'admin', role: 'ministry-admin', region } as const;
    let body: Signals | undefined;
    const listed = async () => {
      body = (await api.as(admin).get<Signals>(`/fraud-signals/${region}/${cycle}`)).body;
      return body.redemptionWithoutAttendance?.findings.map((f) => f.applicationId) ?? [];
    };
    // first both redeemed, neither attended: so the attended one leaving the list below is the attendance
    await until(async () => (await listed()).length === 2, 'both redemptions listed before any attendance');
    await bus.publish(publicTopic('enrollment'), [
      toMessage(
        publishedEvent(
          'enrollment.AttendanceRecorded',
          {
            applicationId: attended!.applicationId,
            teacherId: attended!.teacherId,
            region,
            providerId: provider,
            hoursAttended: 36,
            hoursPlanned: 36,
          },
          { subject: `enrollment-${attended!.applicationId}`, position: 2 },
        ),
      ),
    ]);
    await until(
      async () => !(await listed()).includes(attended!.applicationId),
      'the attended redemption no longer listed',
    );
    expect(body!.redemptionWithoutAttendance.findings).toEqual([
      expect.objectContaining({
        voucherId: unattended!.voucherId,
        applicationId: unattended!.applicationId,
        attendanceFound: false,
      }),
    ]);
  });
});
