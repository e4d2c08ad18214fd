import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { type InMemoryService, startInMemoryService, until } from '@pk/test-kit';
import { organizationRegistered, place, teacherRegistered } from '../../test/world.fixtures';
import { IssueListController } from '../api/issue-list.controller';
import { service } from '../service';

// The bulk issue from CSV on the in-memory kit: a chunk's vouchers are committed as one batch per
// municipality, what the money does not cover is reported row by row, and the same file again
// commits nothing twice.

const admin: Principal = { subject: 'admin-63', role: 'ministry-admin', region: '63' };

describe('bulk issue of vouchers (POST /imports/vouchers)', () => {
  let api: InMemoryService;

  beforeAll(async () => {
    api = await startInMemoryService(service);
  });
  afterAll(() => api.close());

  async function importCsv(csv: string) {
    const started = await api
      .as(admin)
      .post('/imports/vouchers?region=63', csv, { 'content-type': 'text/csv' });
    expect(started.status).toBe(202);
    let report: Record<string, unknown> = {};
    await until(async () => {
      report = (await api.as(admin).get(`/imports/${started.body['importId'] as string}`)).body;
      return report['status'] === 'finished';
    }, 'the import to finish');
    return report;
  }

  it('issues a list in one batch per municipality, reports what the money does not cover, and resumes without issuing twice', async () => {
    const school = place();
    const college = place({ kind: 'vocational-college' });
    await api.as(admin).put('/tariffs/63/2026', { costPerHour: { variable: 250, internship: 300 } });
    await api.as(admin).put('/budgets/63/2026', { amount: 1_000_000 });
    await api
      .as(admin)
      .post('/budgets/63/2026/allotments', { municipalityId: school.municipalityId, amount: 3 * 18_000 });
    await api
      .as(admin)
      .post('/budgets/63/2026/allotments', { municipalityId: college.municipalityId, amount: 100_000 });
    api.publish(organizationRegistered(school), organizationRegistered(college));
    const teachers = Array.from({ length: 4 }, () => teacherRegistered(school));
    const methodist = teacherRegistered(college, { position: 'methodist' });
    const master = teacherRegistered(college, { position: 'industrial-training-master' });
    api.publish(...teachers, methodist, master);
    const csv = [
      'teacher_id;year',
      ...[...teachers, methodist, master].map((t) => `${t.data.teacherId};2026`),
      `${randomUUID()};2026`,
      'не-uuid;2026',
    ].join('\n');

    const report = await importCsv(csv);

    expect(report).toMatchObject({ totalRows: 8, processed: 8, registered: 4, unchanged: 0, rejected: 4 });
    const reasons = (report['rejections'] as { line: number; reason: string }[]).map((r) => r.reason);
    expect(reasons).toEqual([
      expect.stringMatching(/budget-exhausted/), // the fourth school teacher: the allotment holds three
      expect.stringMatching(/position-without-voucher/),
      expect.stringMatching(/не найден/),
      expect.stringMatching(/teacher_id: ожидается/),
    ]);
    const allotment = await api.store.readStream(`allotment-63-2026-${school.municipalityId}`);
    expect(allotment.filter((e) => e.type === 'vouchers.VouchersCommitted')).toHaveLength(1); // one batch
    const again = await importCsv(csv);
    expect(again).toMatchObject({ registered: 0, unchanged: 4, rejected: 4 });
    expect((await api.store.readStream(`allotment-63-2026-${school.municipalityId}`)).length).toBe(
      allotment.length,
    );
  });

  it("lists a municipality's eligible teachers as the import takes them, and the list issues them all", async () => {
    const school = place();
    const college = place({ kind: 'vocational-college', municipalityId: school.municipalityId });
    await api.as(admin).put('/tariffs/63/2027', { costPerHour: { variable: 250, internship: 300 } });
    await api.as(admin).put('/budgets/63/2027', { amount: 1_000_000 });
    await api
      .as(admin)
      .post('/budgets/63/2027/allotments', { municipalityId: school.municipalityId, amount: 500_000 });
    api.publish(organizationRegistered(school), organizationRegistered(college));
    const eligible = [
      teacherRegistered(school, { position: 'tutor' }),
      teacherRegistered(college, { position: 'special-discipline-lecturer' }),
    ];
    const without = teacherRegistered(college, { position: 'head' });
    const elsewhere = teacherRegistered(place());
    api.publish(...eligible, without, elsewhere);
    await api.as(admin).get('/budgets/63/2027'); // the read models catch up before a read

    const list = await api.app
      .get(IssueListController)
      .list({ region: '63', year: 2027 }, { municipalityId: school.municipalityId });

    const ids = eligible.map((t) => t.data.teacherId).sort();
    expect(list).toBe(['teacher_id;year', ...ids.map((id) => `${id};2027`)].join('\n') + '\n');
    expect(await importCsv(list)).toMatchObject({ registered: 2, rejected: 0 });
  });
});
