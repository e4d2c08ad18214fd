import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { publicTopic, REGION_CODES } from '@pk/contracts';
import { type EventStore, toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { collectionName, type ProjectionState } from '@pk/projections';
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
import mongoose, { type Connection } from 'mongoose';
import {
  budgeted,
  contractSigned,
  issued,
  redeemed,
  reserved,
  teacherPlace,
} from '../../test/ledger.fixtures';
import { blockId, voucherLedger } from '../projections/voucher-ledger/voucher-ledger.projection';
import { service } from '../service';

// The vouchers' reads as the service runs: its events relayed to Kafka, the ledger and the register's
// replica on FerretDB (each list an indexed equality there), the auditor's replay over the PostgreSQL
// event store finding the read model equal — and a difference planted in FerretDB reported, over HTTP
// and by the CLI.
jest.setTimeout(180_000);

interface Voucher {
  blocks: { state: string; spendableOn: { programId: string }[] }[];
}

describe('vouchers reads on PostgreSQL, Kafka and FerretDB (integration)', () => {
  const { kafkaBrokers, databaseUrl, mongodbUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'vouchers-reads-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  // a region of this run alone: the stack's servers outlive runs, and the replay reads one region
  const region = REGION_CODES.filter((code) => code !== '63')[
    Math.floor(Math.random() * (REGION_CODES.length - 1))
  ]!;
  const year = 2030 + Math.floor(Math.random() * 60);
  const auditor = { subject: 'audit', role: 'auditor', region } as const;
  const admin = { subject: 'admin', role: 'ministry-admin', region } as const;
  const providerId = randomUUID();
  const programId = randomUUID();
  const place = teacherPlace({ region, subjects: ['physics'] });
  let api: ServiceApi;
  let store: EventStore;
  let readStore: Connection;

  beforeAll(async () => {
    await reactionsFromNow('vouchers');
    api = await startServiceApi('vouchers', [ServiceKit.forService(service)]);
    store = api.app.get(EVENT_STORE);
    readStore = await mongoose.createConnection(mongodbUrl).asPromise();
  });
  afterAll(async () => {
    await api.close();
    await bus.close();
    await readStore.close();
  });

  it('offers a free block the contracted programs that fit it, found by the fit key on FerretDB', async () => {
    await bus.publish(publicTopic('catalog'), [
      toMessage(
        publishedEvent(
          'catalog.ProgramApproved',
          {
            programId,
            providerId,
            region,
            hours: 36,
            format: 'distance',
            targetPositions: ['teacher'],
            organizationTypes: ['school'],
            subjects: ['physics'],
            voucherEligible: true,
          },
          { subject: `program-${programId}`, position: 3 },
        ),
      ),
    ]);
    await contractSigned(store, providerId, region, year);
    await issued(store, place, year);
    const self = { subject: place.teacherId, role: 'teacher', region } as const;
    await until(async () => {
      const answer = await api.as(self).get<{ vouchers: Voucher[] }>(`/teachers/${place.teacherId}/vouchers`);
      return (
        answer.body.vouchers?.[0]?.blocks[0]?.spendableOn.some((p) => p.programId === programId) ?? false
      );
    }, 'the voucher and the program in the read models');
  });

  it('shows the provider its blocks and the ministry the year’s money, then the replay finds the read model equal', async () => {
    const municipalityId = place.municipalityId;
    await budgeted(store, {
      region,
      year,
      budget: 900_000,
      municipalityId,
      allotment: 300_000,
      committed: 36_000,
    });
    const { contractId } = await contractSigned(store, providerId, region, year);
    const voucher = await issued(store, teacherPlace({ region, municipalityId }), year);
    const reservation = await reserved(store, voucher, 1, { providerId, contractId, programId });
    await redeemed(store, reservation, `${year}-04-17`);
    await reserved(store, voucher, 2, { providerId, contractId, programId });

    const provider = { subject: 'p', role: 'provider', region, organization: providerId } as const;
    await until(
      async () =>
        (
          await api
            .as(provider)
            .get<{ blocks: unknown[] }>(`/providers/${providerId}/blocks?year=${year}&state=reserved`)
        ).body.blocks?.length === 1,
      'the reserved block in the provider’s list',
    );
    await until(async () => {
      const money = await api.as(admin).get(`/money/${region}/${year}`);
      return money.body['spent'] === reservation.amount && money.body['committed'] === 36_000;
    }, 'the year’s money');

    // three vouchers: the two issued here, and the one the service's own reaction issues from the
    // commitment; the replay compares once the read model has caught up with them
    let report = await replayJob();
    await until(async () => {
      report = await replayJob();
      return report['vouchers'] === 3 && report['differenceCount'] === 0;
    }, 'the replay to find the read model caught up');
    expect(report).toMatchObject({ compared: true, differenceCount: 0, vouchers: 3 });
  });

  /** Starts the region's replay job over HTTP (202, Location) and reads it until done: its report. */
  async function replayJob(): Promise<Record<string, unknown>> {
    const started = await api
      .as(auditor)
      .post<{ jobId: string }>(`/audit/regions/${region}/replays?year=${year}`, {});
    expect(started.status).toBe(202);
    expect(started.location).toBe(`/audit/regions/${region}/replays/${started.body.jobId}`);
    let job: { status: string; report: Record<string, unknown> | null; progress: Record<string, unknown> };
    await until(async () => {
      job = (await api.as(auditor).get<typeof job>(started.location!)).body;
      return job.status !== 'running';
    }, 'the replay job done');
    expect(job!.status).toBe('done');
    // the progress ends on what the report says: every event read, the year's vouchers recomputed
    expect(job!.progress).toMatchObject({
      phase: 'finished',
      eventsRead: job!.report!['eventsRead'],
      vouchersRecomputed: job!.report!['vouchers'],
    });
    return job!.report!;
  }

  it('reports a difference planted in FerretDB, by the replay job over HTTP and from the CLI', async () => {
    const state = await readStore
      .db!.collection<ProjectionState>('projection_state')
      .findOne({ _id: voucherLedger.name });
    const blocks = readStore.db!.collection<{ _id: string }>(
      collectionName(voucherLedger.name, 'blocks', state!.active),
    );
    const voucher = await issued(store, teacherPlace({ region }), year);
    const planted = blockId(voucher.voucherId, 2);
    await until(async () => (await blocks.findOne({ _id: planted })) !== null, 'the new voucher’s blocks');
    await blocks.updateOne({ _id: planted }, { $set: { state: 'redeemed', amount: 1 } });

    const report = (await replayJob()) as {
      differences: { collection: string; id: string; field: string; replayed: unknown; stored: unknown }[];
    };
    expect(report.differences).toEqual(
      expect.arrayContaining([
        { collection: 'blocks', id: planted, field: 'state', replayed: 'free', stored: 'redeemed' },
        { collection: 'blocks', id: planted, field: 'amount', replayed: 9000, stored: 1 },
      ]),
    );

    const cli = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['-r', '@swc-node/register', 'services/vouchers/scripts/audit-replay.ts', region, `--year=${year}`],
        {
          cwd: path.resolve(__dirname, '../../../..'),
          env: {
            ...process.env,
            SWC_NODE_PROJECT: 'tsconfig.base.json',
            DATABASE_URL: databaseUrl,
            MONGODB_URL: mongodbUrl,
          },
        },
        (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`blocks ${planted} state: по событиям "free", в модели "redeemed"`);
  });
});
