import type { Principal } from '@pk/auth';
import { type EventEnvelope, publicTopic, REGION_CODES } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ServiceKit } from '@pk/service-runtime';
import { reactionsFromNow, serverEndpoints, type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { organizationRegistered, place, teacherRegistered } from '../../test/world.fixtures';
import { IssueListController } from '../api/issue-list.controller';
import { voucherIdOf } from '../application/ids';
import { TeacherReplica } from '../projections/teacher-replica/teacher-replica.queries';
import { service } from '../service';

// The bulk issue of a municipality on real servers: teachers known from diagnostics' topic, the file
// run by the kit's import machinery (reports and the kept file in PostgreSQL), batches on the
// allotment's stream, vouchers issued by the follow-up and its own-topic backstop. Then the process
// stops in the middle of a run, and a new one resumes the import: nobody is issued twice.
jest.setTimeout(240_000);

const VOUCHER = 72 * 250; // a school teacher's 72-hour voucher at the tariff below
// A municipality of three chunks (50 rows each here, IMPORT_CHUNK_ROWS), so the report is seen
// part-way and a stop lands between chunks: teachers the seed gives a voucher, methodists it does
// not, spread over every chunk, and an allotment that leaves the last few eligible ones without money.
const CHUNK_ROWS = 50;
const ELIGIBLE = 130;
const METHODISTS = 5;
const COVERED = 120;
const ROWS = ELIGIBLE + METHODISTS;
const REJECTED = METHODISTS + (ELIGIBLE - COVERED);

describe('bulk issue of a municipality on PostgreSQL, Kafka and FerretDB (integration)', () => {
  const { kafkaBrokers, databaseUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'vouchers-import-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
  const year = 2040 + Math.floor(Math.random() * 60);
  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region };
  const started: ServiceApi[] = [];
  let api: ServiceApi;

  const start = async () => {
    const app = await startServiceApi('vouchers', [ServiceKit.forService(service)]);
    started.push(app);
    return app;
  };

  // a stopped process's import is taken over after 3 s instead of 30 (an operator's setting too)
  const abandonedAfter = process.env['IMPORT_ABANDONED_AFTER_MS'];
  const chunkRows = process.env['IMPORT_CHUNK_ROWS'];
  beforeAll(async () => {
    process.env['IMPORT_ABANDONED_AFTER_MS'] = '3000';
    process.env['IMPORT_CHUNK_ROWS'] = String(CHUNK_ROWS);
    await reactionsFromNow('vouchers');
    api = await start();
    await api
      .as(admin)
      .put(`/tariffs/${region}/${year}`, { costPerHour: { variable: 250, internship: 300 } });
    await api.as(admin).put(`/budgets/${region}/${year}`, { amount: 100_000_000 });
  });
  afterAll(async () => {
    if (abandonedAfter === undefined) delete process.env['IMPORT_ABANDONED_AFTER_MS'];
    else process.env['IMPORT_ABANDONED_AFTER_MS'] = abandonedAfter;
    if (chunkRows === undefined) delete process.env['IMPORT_CHUNK_ROWS'];
    else process.env['IMPORT_CHUNK_ROWS'] = chunkRows;
    for (const app of started) await app.close().catch(() => undefined);
    await bus.close();
    await pool.end();
  });

  /**
   * A municipality as diagnostics and the catalog publish it: a school of `eligible` teachers, and a
   * vocational college whose methodists the seed gives no voucher, spread through the list; an
   * allotment that covers `covered` vouchers. Answers once the replicas know every teacher.
   */
  async function municipality(eligible: number, ineligible: number, covered: number) {
    const school = place({ region });
    const college = place({ region, kind: 'vocational-college', municipalityId: school.municipalityId });
    const allotted = await api.as(admin).post(`/budgets/${region}/${year}/allotments`, {
      municipalityId: school.municipalityId,
      amount: covered * VOUCHER,
    });
    expect(allotted.status).toBe(201);
    await bus.publish(
      publicTopic('catalog'),
      [organizationRegistered(school), organizationRegistered(college)].map(toMessage),
    );
    const teachers: EventEnvelope[] = Array.from({ length: eligible }, () => teacherRegistered(school));
    const methodists = Array.from({ length: ineligible }, () =>
      teacherRegistered(college, { position: 'methodist' }),
    );
    // a methodist every (eligible / ineligible) rows: the refusals are spread over both chunks
    const step = Math.floor(eligible / ineligible);
    const all = teachers.flatMap((t, i) =>
      i % step === 0 && methodists[i / step] ? [methodists[i / step]!, t] : [t],
    );
    await bus.publish(publicTopic('diagnostics'), all.map(toMessage));
    const idOf = (t: EventEnvelope) => String((t.data as { teacherId: string }).teacherId);
    const replica = api.app.get(TeacherReplica);
    // One read of the school's eligible teachers per poll, then the few methodists one by one: a
    // look-up per teacher per poll would itself load the servers the replicas are catching up on.
    await until(
      async () => (await replica.eligible(region, school.municipalityId)).length === eligible,
      'every teacher of the school and the school itself in the replicas',
      { timeoutMs: 120_000, pollMs: 500 },
    );
    await until(
      async () => {
        const known = await Promise.all(
          methodists.map((t) => replica.teacher(idOf(t), region).catch(() => null)),
        );
        return known.every((facts) => facts?.organizationKind);
      },
      'every methodist and the college in the replicas',
      { timeoutMs: 120_000, pollMs: 500 },
    );
    return {
      municipalityId: school.municipalityId,
      rows: all.map(idOf),
      eligible: teachers.map(idOf),
      methodists: new Set(methodists.map(idOf)),
      csv: ['teacher_id;year', ...all.map((t) => `${idOf(t)};${year}`)].join('\n') + '\n',
    };
  }

  /** Every rejection of the import, page by page, in line order. */
  async function allRejections(importId: string) {
    const all: { line: number; reason: string }[] = [];
    for (let after = 0; ;) {
      const page = (await api.as(admin).get(`/imports/${importId}/rejections?after=${after}&limit=100`)).body;
      all.push(...(page['rejections'] as { line: number; reason: string }[]));
      if (page['next'] === null) return all;
      after = page['next'] as number;
    }
  }

  /** Every row the import took, with its voucher's id, page by page, in line order. */
  async function allAccepted(importId: string) {
    const all: { line: number; id: string }[] = [];
    for (let after = 0; ;) {
      const page = (await api.as(admin).get(`/imports/${importId}/accepted?after=${after}&limit=100`)).body;
      all.push(...(page['accepted'] as { line: number; id: string }[]));
      if (page['next'] === null) return all;
      after = page['next'] as number;
    }
  }

  const report = async (on: ServiceApi, importId: string) =>
    (await on.as(admin).get(`/imports/${importId}`)).body;

  /** VoucherIssued per voucher of the municipality, as the event store holds them. */
  async function issuedPerVoucher(municipalityId: string): Promise<Map<string, number>> {
    const rows = (
      await pool.query<{ stream_id: string; n: string }>(
        `select stream_id, count(*) as n from vouchers.events
          where type = 'vouchers.VoucherIssued' and data->>'municipalityId' = $1 group by stream_id`,
        [municipalityId],
      )
    ).rows;
    return new Map(rows.map((r) => [r.stream_id.replace(/^voucher-/, ''), Number(r.n)]));
  }

  it('resumes an import the stopped process left mid-run: every voucher issued exactly once, the report whole', async () => {
    const m = await municipality(ELIGIBLE, METHODISTS, COVERED);
    // the service's own list of the municipality is exactly its eligible teachers
    const list = await api.app
      .get(IssueListController)
      .list({ region, year }, { municipalityId: m.municipalityId });
    expect(list.trim().split('\n').slice(1).sort()).toEqual(m.eligible.map((id) => `${id};${year}`).sort());
    const posted = await api.as(admin).post(`/imports/vouchers?region=${region}`, m.csv, {
      'content-type': 'text/csv',
    });
    expect(posted.status).toBe(202);
    const importId = posted.body['importId'] as string;
    // the process stops while the first batch's vouchers are being issued
    await until(
      async () => (await issuedPerVoucher(m.municipalityId)).size > 0,
      'the first vouchers issued',
      { timeoutMs: 60_000, pollMs: 20 },
    );
    await api.close();
    const left = (
      await pool.query<{ report: { status: string; processed: number; totalRows: number } }>(
        'select report from vouchers.import_reports where import_id = $1',
        [importId],
      )
    ).rows[0]!.report;
    expect(left.status).toBe('running'); // stopped mid-run, for a replica or the restart to take over
    expect(left.processed).toBeLessThan(left.totalRows);
    expect((await issuedPerVoucher(m.municipalityId)).size).toBeLessThan(COVERED);

    // a new process takes the import over once it is abandoned (no save for 3 s here) and finishes it
    api = await start();
    await until(
      async () => (await report(api, importId))['status'] !== 'running',
      'the import resumed and finished',
      { timeoutMs: 120_000, pollMs: 500 },
    );
    const final = await report(api, importId);
    expect(final).toMatchObject({ status: 'finished', totalRows: ROWS, processed: ROWS, rejected: REJECTED });
    // a row the stopped process committed and the new one ran again counts as unchanged; the rows
    // taken still name every voucher the import issued, once each
    expect(Number(final['registered']) + Number(final['unchanged'])).toBe(COVERED);
    const accepted = await allAccepted(importId);
    expect(accepted).toHaveLength(COVERED);
    expect(new Set(accepted.map((a) => a.id))).toEqual(
      new Set(m.eligible.slice(0, COVERED).map((id) => voucherIdOf(id, year))),
    );
    const rejections = await allRejections(importId);
    expect(rejections).toHaveLength(REJECTED);
    const byTeacher = new Map(rejections.map((r) => [m.rows[r.line - 2]!, r.reason]));
    for (const id of m.methodists)
      expect(byTeacher.get(id)).toMatch(/^отказано \(position-without-voucher\): /);
    for (const id of m.eligible.slice(COVERED))
      expect(byTeacher.get(id)).toMatch(/^отказано \(budget-exhausted\): /);

    await until(
      async () => (await issuedPerVoucher(m.municipalityId)).size === COVERED,
      'every committed voucher issued',
    );
    const issued = await issuedPerVoucher(m.municipalityId);
    expect(new Set(issued.keys())).toEqual(
      new Set(m.eligible.slice(0, COVERED).map((id) => voucherIdOf(id, year))),
    );
    expect([...issued.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    // and committed once each on the allotment: its money is exactly the vouchers issued
    const commitments = (
      await pool.query<{ data: { vouchers: { voucherId: string }[] } }>(
        `select data from vouchers.events where stream_id = $1 and type = 'vouchers.VouchersCommitted'`,
        [`allotment-${region}-${year}-${m.municipalityId}`],
      )
    ).rows.flatMap((r) => r.data.vouchers.map((v) => v.voucherId));
    expect(commitments).toHaveLength(COVERED);
    expect(new Set(commitments).size).toBe(COVERED);
    expect(
      (await api.as(admin).get(`/budgets/${region}/${year}/allotments/${m.municipalityId}`)).body,
    ).toMatchObject({ committed: COVERED * VOUCHER, left: 0 });
  });
});
