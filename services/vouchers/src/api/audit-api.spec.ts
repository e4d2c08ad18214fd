import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { type InMemoryService, publishedEvent, startInMemoryService, TestClock, until } from '@pk/test-kit';
import {
  budgeted,
  contractSigned,
  issued,
  redeemed,
  released,
  reserved,
  storedEvent,
  teacherPlace,
} from '../../test/ledger.fixtures';
import { service } from '../service';

// The auditor's reads on the in-memory kit: a voucher's history with actor, time and cause, its state
// and the year's money as of past moments, and the region-wide replay — zero differences on an
// untouched ledger, and each difference planted in the read model reported. On servers:
// audit-api.int.spec.ts.

interface Entry {
  type: string;
  time: string;
  actor: { id: string; role: string };
  causationId: string | null;
  state: { blocks: { state: string }[] };
}
interface Report {
  eventsReplayed: number;
  vouchers: number;
  compared: boolean;
  differenceCount: number;
  differences: { collection: string; id: string; field: string; replayed: unknown; stored: unknown }[];
  years: { year: number; reserved: number; spent: number; committed: number }[];
}

interface Job {
  jobId: string;
  region: string;
  status: string;
  started?: boolean;
  progress: {
    phase: string;
    eventsRead: number;
    eventsReplayed: number;
    vouchersRecomputed: number;
    vouchersTotal: number | null;
  };
  report: Report | null;
}

describe('the auditor’s replay', () => {
  const clock = new TestClock(new Date('2026-02-01T09:00:00Z'));
  let api: InMemoryService;
  const auditor: Principal = { subject: 'audit', role: 'auditor', region: '63' };
  const auditor52: Principal = { subject: 'audit-52', role: 'auditor', region: '52' };
  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region: '63' };
  const providerId = randomUUID();

  beforeAll(async () => {
    api = await startInMemoryService(service, { clock });
  });
  afterAll(() => api.close());

  /** Starts the region's replay as a job and reads the job until it is done: its report. */
  async function replayed(principal: Principal, region: string, query = ''): Promise<Report> {
    const started = await api.as(principal).post<Job>(`/audit/regions/${region}/replays${query}`, {});
    expect(started.status).toBe(202);
    const location = started.location!;
    expect(location).toBe(`/audit/regions/${region}/replays/${started.body.jobId}`);
    let job: Job | undefined;
    await until(async () => {
      job = (await api.as(principal).get<Job>(location)).body;
      return job.status !== 'running';
    }, 'the replay job done');
    expect(job).toMatchObject({ status: 'done', progress: { phase: 'finished' } });
    return job!.report!;
  }

  it('tells each change of a voucher with who, when and why, and the voucher after it', async () => {
    const voucher = await issued(api.store, teacherPlace());
    const { contractId } = await contractSigned(api.store, providerId);
    clock.set(new Date('2026-03-02T10:00:00Z'));
    const first = await reserved(api.store, voucher, 1, { providerId, contractId });
    clock.set(new Date('2026-03-05T10:00:00Z'));
    await released(api.store, first);
    clock.set(new Date('2026-03-10T10:00:00Z'));
    const again = await reserved(api.store, voucher, 1, { providerId, contractId });
    clock.set(new Date('2026-04-20T10:00:00Z'));
    await redeemed(api.store, again, '2026-04-17');

    const answer = await api
      .as(auditor)
      .get<{ events: Entry[] }>(`/audit/vouchers/${voucher.voucherId}/history`);
    expect(answer.status).toBe(200);
    const events = answer.body.events;
    expect(events.map((e) => e.type)).toEqual([
      'vouchers.VoucherIssued',
      'vouchers.BlockReserved',
      'vouchers.BlockReleased',
      'vouchers.BlockReserved',
      'vouchers.BlockRedeemed',
    ]);
    expect(events[0]).toMatchObject({
      actor: { id: 'minister', role: 'ministry-admin' },
      time: '2026-02-01T09:00:00.000Z',
    });
    expect(events[2]).toMatchObject({ actor: { role: 'system' }, time: '2026-03-05T10:00:00.000Z' });
    expect(events.map((e) => e.state.blocks[0]!.state)).toEqual([
      'free',
      'reserved',
      'free',
      'reserved',
      'redeemed',
    ]);

    // the voucher as it stood between the second reservation and the redemption
    const past = await api.as(auditor).get(`/audit/vouchers/${voucher.voucherId}?at=2026-03-15T00:00:00Z`);
    expect(past.body).toMatchObject({ reserved: 9000, redeemed: 0 });
    const before = await api.as(auditor).get(`/audit/vouchers/${voucher.voucherId}?at=2026-01-01T00:00:00Z`);
    expect(before.status).toBe(404);
  });

  it('records the cause of a reaction: the enrollment event that asked for the block', async () => {
    const voucher = await issued(api.store, teacherPlace());
    const request = randomUUID();
    await api.store.append(
      `voucher-${voucher.voucherId}`,
      [
        storedEvent(
          'vouchers.BlockReservationRefused',
          { voucherId: voucher.voucherId, teacherId: voucher.teacherId, region: '63', year: 2026 },
          { causationId: request },
        ),
      ],
      'any',
    );
    const answer = await api
      .as(auditor)
      .get<{ events: Entry[] }>(`/audit/vouchers/${voucher.voucherId}/history`);
    expect(answer.body.events[1]).toMatchObject({ causationId: request, actor: { id: 'system:vouchers' } });
  });

  describe('region-wide', () => {
    const region = '52';
    const municipalityId = randomUUID();
    let voucherId = '';
    let reservedAmount = 0;

    beforeAll(async () => {
      clock.set(new Date('2026-02-01T09:00:00Z'));
      await budgeted(api.store, {
        region,
        year: 2026,
        budget: 900_000,
        municipalityId,
        allotment: 300_000,
        committed: 54_000,
      });
      const { contractId } = await contractSigned(api.store, providerId, region);
      const vouchers = [];
      for (let i = 0; i < 3; i++)
        vouchers.push(await issued(api.store, teacherPlace({ region, municipalityId })));
      clock.set(new Date('2026-03-02T10:00:00Z'));
      const a = await reserved(api.store, vouchers[0]!, 1, { providerId, contractId });
      reservedAmount = (await reserved(api.store, vouchers[1]!, 2, { providerId, contractId })).amount;
      clock.set(new Date('2026-05-20T10:00:00Z'));
      await redeemed(api.store, a, '2026-05-18');
      voucherId = vouchers[1]!.voucherId;
    });

    it('recomputes every voucher and money total from the event store and finds the read model equal', async () => {
      const report = await replayed(auditor52, region);
      expect(report).toMatchObject({ compared: true, vouchers: 3, differenceCount: 0, differences: [] });
      expect(report.years).toEqual([
        expect.objectContaining({ year: 2026, committed: 54_000, reserved: reservedAmount, spent: 9000 }),
      ]);
    });

    it('gives the year’s money as of a past moment, before the redemption', async () => {
      const april = await api.as(auditor52).get(`/audit/money/${region}/2026?at=2026-04-01T00:00:00Z`);
      expect(april.body).toMatchObject({ reserved: 9000 + reservedAmount, spent: 0, budget: 900_000 });
      const may = await api.as(auditor52).get(`/audit/money/${region}/2026?at=2026-06-01T00:00:00Z`);
      expect(may.body).toMatchObject({ reserved: reservedAmount, spent: 9000 });
    });

    it('reports each difference planted in the read model, with the money it moves', async () => {
      // the read model is fed from the topic: events that never were in the event store plant a
      // block redeemed that the store has reserved, and a voucher the store never issued
      const stray = randomUUID();
      api.publish(
        publishedEvent(
          'vouchers.BlockRedeemed',
          {
            voucherId,
            region,
            year: 2026,
            block: 2,
            providerId,
            amount: reservedAmount,
            completedOn: '2026-05-25',
          },
          { subject: `voucher-${voucherId}`, position: 40 },
        ),
        publishedEvent(
          'vouchers.VoucherIssued',
          { voucherId: stray, region, year: 2026, municipalityId },
          { subject: `voucher-${stray}` },
        ),
      );
      const report = await replayed(auditor52, region, '?year=2026');
      const about = (collection: string, id: string) =>
        report.differences.filter((d) => d.collection === collection && d.id === id).map((d) => d.field);
      expect(about('vouchers', voucherId)).toEqual(expect.arrayContaining(['block2', '_position']));
      expect(about('blocks', `${voucherId}/2`)).toEqual(expect.arrayContaining(['state', 'providerKey']));
      expect(report.differences).toContainEqual(
        expect.objectContaining({ collection: 'vouchers', id: stray, field: '*', replayed: null }),
      );
      expect(report.differences).toContainEqual(
        expect.objectContaining({
          collection: 'totals',
          id: `${region}-2026`,
          field: 'spent',
          replayed: 9000,
          stored: 9000 + reservedAmount,
        }),
      );
      expect(report.differenceCount).toBe(report.differences.length);
    });
  });

  const provider: Principal = { subject: 'p', role: 'provider', region: '63', organization: providerId };
  const teacher: Principal = { subject: randomUUID(), role: 'teacher', region: '63' };
  it.each([
    ['ministry', 403, admin],
    ['teacher', 403, teacher],
    ['provider', 403, provider],
    ['auditor of another region', 403, auditor52],
    ['auditor', 202, auditor],
  ] as const)('answers the %s’s start of the region’s replay with %i', async (_who, status, principal) => {
    const started = await api.as(principal).post<Job>('/audit/regions/63/replays?year=2031', {});
    expect(started.status).toBe(status);
    if (status === 202)
      await until(
        async () => (await api.as(auditor).get<Job>(started.location!)).body.status !== 'running',
        'the job done',
      );
  });

  it('lets only the region’s auditor read a job, and answers 404 for a job it does not have', async () => {
    const started = await api.as(auditor).post<Job>('/audit/regions/63/replays?year=2032', {});
    const path = `/audit/regions/63/replays/${started.body.jobId}`;
    expect((await api.as(auditor).get(path)).status).toBe(200);
    for (const principal of [admin, provider, teacher, auditor52]) {
      expect((await api.as(principal).get(path)).status).toBe(403);
    }
    expect((await api.anonymous.get(path)).status).toBe(401);
    // the region's job under another region's path, and an id never given
    expect((await api.as(auditor52).get(`/audit/regions/52/replays/${started.body.jobId}`)).status).toBe(404);
    expect((await api.as(auditor).get(`/audit/regions/63/replays/${randomUUID()}`)).status).toBe(404);
    expect((await api.as(auditor).get('/audit/regions/63/replays/not-an-id')).status).toBe(400);
    await until(async () => (await api.as(auditor).get<Job>(path)).body.status !== 'running', 'the job done');
  });

  it('answers an auditor of another region as if the voucher did not exist', async () => {
    const voucher = await issued(api.store, teacherPlace());
    expect((await api.as(auditor52).get(`/audit/vouchers/${voucher.voucherId}/history`)).status).toBe(404);
    expect((await api.as(auditor52).get(`/audit/vouchers/${voucher.voucherId}`)).status).toBe(404);
    expect((await api.as(auditor).get(`/audit/vouchers/${voucher.voucherId}?at=yesterday`)).status).toBe(400);
  });
});
