import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ALL_REGIONS, type Principal, ROLES, type Role } from '@pk/auth';
import type {
  CompetencyCode,
  CourseCompletedV1,
  DeficitFoundV1,
  EnrollmentConfirmedV1,
  TeacherRegisteredV1,
} from '@pk/contracts';
import { type InMemoryService, publishedEvent, startInMemoryService, type TestClock } from '@pk/test-kit';
import ExcelJS from 'exceljs';
import { service } from '../service';

// The Irbey monitoring and the reports in memory, fed the public events the topics carry: who may
// read and record what, the rows of a case computed by hand, and a summary issued, downloaded in
// its three formats, read back, and still the same after later events. The same case on real
// servers is irbey-api.int.spec.ts.
//
// The case, by hand, for 2026 (region 24). Ирбейский район (mI): schools sI1 (i1, i2, i3) and sI2
// (i4); Канский район (mK): school sK (k1). All teachers are «учитель»; i4's education is not
// pedagogical.
//   Programs: pA approved, R/01, distance; pB approved, B/04.6, internship, retraining, employers
//   assess.
//   Deficits 2026: i1 R/01 by ГИА analysis, i2 R/01 by a municipal survey, i3 B/04.6 by ЕФОМ,
//   i4 R/03 by the yearly monitoring (i4 also took an instrument), k1 R/02 by the monitoring.
//   Enrollments 2026: i1, i2, i3 of sI1 in one group of pA (voucher, voucher, employer); i4 of sI2
//   in a group of pB (state assignment). Completed: i1 pA, i2 pA, i3 pB; i4 did not complete.
//   i1 accepted a route with a course. The operator records row 1 «Да».
//
//   mI: 2.2a (i2), 2.2b (i1), 2.3 (i3), 3.4 (i4) «Да», 2.2c «Нет»; 3.5 = 1/4 = 25 %;
//   3.6 = 1/2 schools = 50 %; 3.7 = 1/2 programs = 50 %; 4 = 3/4 = 75 %; q1.1 = 1/1 = 100 %;
//   q1.2–q1.8 and q2.2 «Да». Score = 1 (row 1) + 4 + 7 + 1 (q2.2) + 1 (row 4) = 14 of 26.
//   mK: only q1.2 (k1 diagnosed) «Да»; row 4 has no courses ended: 1 of 26.

jest.setTimeout(60_000);

const run = promisify(execFile);

describe('Irbey monitoring and reports (in memory)', () => {
  let api: InMemoryService;
  const region = '24';
  const [mI, mK, sI1, sI2, sK, i1, i2, i3, i4, k1, pA, pB, off1, off2] = Array.from({ length: 14 }, () =>
    randomUUID(),
  );
  const principal = (role: Role): Principal => ({
    subject: `${role}-1`,
    role,
    region: role === 'federal-analyst' ? ALL_REGIONS : region,
    ...(role === 'municipal-operator' ? { municipality: mI } : {}),
    ...(role === 'school-coordinator' || role === 'provider' ? { organization: sI1 } : {}),
  });
  const ministry = principal('ministry-admin');
  const operator = principal('municipal-operator');

  const teacher = (
    teacherId: string,
    organizationId: string,
    municipalityId: string,
    education: TeacherRegisteredV1['education'],
  ) =>
    publishedEvent(
      'diagnostics.TeacherRegistered',
      {
        teacherId,
        region,
        organizationId,
        municipalityId,
        position: 'teacher',
        education,
        category: 'none',
        categorySince: null,
      },
      { subject: `teacher-${teacherId}` },
    );
  const deficit = (
    teacherId: string,
    organizationId: string,
    municipalityId: string,
    competency: CompetencyCode,
    source: DeficitFoundV1['source'],
  ) =>
    publishedEvent(
      'diagnostics.DeficitFound',
      { teacherId, region, organizationId, municipalityId, competency, source },
      { subject: `profile-${teacherId}`, time: '2026-02-10T09:00:00.000Z', position: 1 },
    );
  const program = (programId: string, fields: Record<string, unknown>) =>
    publishedEvent(
      'catalog.ProgramApproved',
      { programId, region, targetPositions: ['teacher'], ...fields },
      { subject: `program-${programId}`, position: 5 },
    );
  const confirmed = (
    applicationId: string,
    teacherId: string,
    organizationId: string,
    offeringId: string,
    programId: string,
    route: EnrollmentConfirmedV1['route'],
  ) =>
    publishedEvent(
      'enrollment.EnrollmentConfirmed',
      { applicationId, teacherId, region, organizationId, offeringId, programId, route },
      { subject: `group-${offeringId}`, time: '2026-03-02T09:00:00.000Z', position: 1 },
    );
  const completed = (teacherId: string, programId: string, kind: CourseCompletedV1['kind']) => {
    const enrollmentId = randomUUID();
    return publishedEvent(
      'enrollment.CourseCompleted',
      { enrollmentId, teacherId, region, organizationId: sI1, programId, kind, completedOn: '2026-05-20' },
      { subject: `enrollment-${enrollmentId}`, position: 4 },
    );
  };

  beforeAll(async () => {
    api = await startInMemoryService(service);
    api.publish(
      publishedEvent(
        'catalog.MunicipalityRegistered',
        { municipalityId: mI, region, name: 'Ирбейский район' },
        { subject: `municipality-${mI}` },
      ),
      publishedEvent(
        'catalog.MunicipalityRegistered',
        { municipalityId: mK, region, name: 'Канский район' },
        { subject: `municipality-${mK}` },
      ),
      ...[
        [sI1, mI],
        [sI2, mI],
        [sK, mK],
      ].map(([organizationId, municipalityId]) =>
        publishedEvent(
          'catalog.OrganizationRegistered',
          { organizationId, region, municipalityId },
          { subject: `organization-${organizationId}` },
        ),
      ),
      teacher(i1, sI1, mI, 'higher-pedagogical'),
      teacher(i2, sI1, mI, 'higher-pedagogical'),
      teacher(i3, sI1, mI, 'higher-pedagogical'),
      teacher(i4, sI2, mI, 'higher-other'),
      teacher(k1, sK, mK, 'higher-pedagogical'),
      program(pA, {
        title: 'Функциональная грамотность на уроке',
        competencies: ['R/01'],
        format: 'distance',
        kind: 'advanced-training',
        employerAssessment: false,
      }),
      program(pB, {
        title: 'Математика: стажировка',
        competencies: ['B/04.6'],
        format: 'internship',
        kind: 'retraining',
        hours: 260,
        employerAssessment: true,
      }),
      deficit(i1, sI1, mI, 'R/01', 'exam-analysis'),
      deficit(i2, sI1, mI, 'R/01', 'municipal-survey'),
      deficit(i3, sI1, mI, 'B/04.6', 'federal-assessment'),
      deficit(i4, sI2, mI, 'R/03', 'monitoring'),
      deficit(k1, sK, mK, 'R/02', 'monitoring'),
      publishedEvent(
        'diagnostics.AttemptScored',
        { attemptId: randomUUID(), teacherId: i4, region, organizationId: sI2, municipalityId: mI },
        { subject: `attempt-${randomUUID()}`, time: '2026-02-10T08:00:00.000Z' },
      ),
      confirmed(randomUUID(), i1, sI1, off1, pA, 'voucher'),
      confirmed(randomUUID(), i2, sI1, off1, pA, 'voucher'),
      confirmed(randomUUID(), i3, sI1, off1, pA, 'employer'),
      confirmed(randomUUID(), i4, sI2, off2, pB, 'state-assignment'),
      completed(i1, pA, 'advanced-training'),
      completed(i2, pA, 'advanced-training'),
      completed(i3, pB, 'retraining'),
      publishedEvent(
        'enrollment.CourseNotCompleted',
        {
          applicationId: randomUUID(),
          teacherId: i4,
          region,
          organizationId: sI2,
          offeringId: off2,
          programId: pB,
          endedOn: '2026-06-01',
        },
        { subject: `group-${off2}`, position: 9 },
      ),
      publishedEvent(
        'diagnostics.TrajectoryAccepted',
        {
          teacherId: i1,
          region,
          organizationId: sI1,
          year: 2026,
          items: [
            {
              itemId: randomUUID(),
              kind: 'program',
              programId: pA,
              title: 'Функциональная грамотность на уроке',
              competencies: ['R/01'],
              status: 'planned',
            },
          ],
        },
        { subject: `trajectory-${i1}-2026` },
      ),
    );
  });
  afterAll(() => api.close());

  type Row = { id: string; current: Record<string, unknown>; change: number | null };
  type Municipality = {
    municipalityId: string;
    name: string;
    rows: Row[];
    total: { score: number; max: number; unrecorded: number };
  };
  const irbeyOf = async (who: Principal, query = '') =>
    (await api.as(who).get<{ municipalities: Municipality[] }>(`/indicators/irbey?year=2026${query}`)).body
      .municipalities;

  it('records an operator row with who and when, and computes the rows of each municipality by hand', async () => {
    const put = await api
      .as(operator)
      .put(`/indicators/irbey/${mI}/2026/criteria/1`, { met: true, comment: 'раздел «Курсы» на сайте ММЦ' });
    expect(put.status).toBe(200);
    const [irbey, kansk] = await irbeyOf(ministry);
    expect(irbey!.name).toBe('Ирбейский район');
    const row = (id: string) => irbey!.rows.find((r) => r.id === id)!.current;
    expect(row('1')).toMatchObject({
      met: true,
      recorded: {
        by: 'municipal-operator-1',
        at: '2026-09-01T09:00:00.000Z',
        comment: 'раздел «Курсы» на сайте ММЦ',
      },
    });
    expect(row('2.2a')).toMatchObject({ met: true, numerator: 1 });
    expect(row('2.2b')).toMatchObject({ met: true, numerator: 1 });
    expect(row('2.2c')).toMatchObject({ met: false, numerator: 0 });
    expect(row('2.3')).toMatchObject({ met: true, numerator: 1 });
    expect(row('3.4')).toMatchObject({ met: true, numerator: 1 });
    expect(row('3.5')).toMatchObject({ numerator: 1, denominator: 4, percent: 25 });
    expect(row('3.6')).toMatchObject({ numerator: 1, denominator: 2, percent: 50 });
    expect(row('3.7')).toMatchObject({ numerator: 1, denominator: 2, percent: 50 });
    expect(row('4')).toMatchObject({ numerator: 3, denominator: 4, percent: 75, score: 1 });
    expect(row('q1.1')).toMatchObject({ numerator: 1, denominator: 1, percent: 100 });
    for (const id of ['q1.2', 'q1.3', 'q1.4', 'q1.5', 'q1.6', 'q1.7', 'q1.8', 'q2.2']) {
      expect([id, row(id)['met']]).toEqual([id, true]);
    }
    expect(irbey!.total).toEqual({ score: 1 + 4 + 7 + 1 + 1, max: 26, unrecorded: 11 });
    expect(kansk!.total).toEqual({ score: 1, max: 26, unrecorded: 12 });
    expect(kansk!.rows.find((r) => r.id === '4')!.current).toMatchObject({
      percent: null,
      noData: expect.any(String),
    });
  });

  it('keeps a municipal operator to their municipality, and refuses rows the platform computes', async () => {
    expect((await irbeyOf(operator)).map((m) => m.municipalityId)).toEqual([mI]);
    expect((await api.as(operator).get(`/indicators/irbey?year=2026&municipalityId=${mK}`)).status).toBe(403);
    expect(
      (await api.as(operator).put(`/indicators/irbey/${mK}/2026/criteria/1`, { met: true, comment: '' }))
        .status,
    ).toBe(403);
    // the ministry records for any municipality of its region
    expect(
      (
        await api
          .as(ministry)
          .put(`/indicators/irbey/${mK}/2026/criteria/3.3c`, { met: true, comment: 'жюри' })
      ).status,
    ).toBe(200);
    const computed = await api
      .as(operator)
      .put(`/indicators/irbey/${mI}/2026/criteria/2.2a`, { met: true, comment: '' });
    expect(computed.status).toBe(422);
    expect(computed.body).toMatchObject({ code: 'criterion-not-recorded' });
    const unknown = await api
      .as(ministry)
      .put(`/indicators/irbey/${randomUUID()}/2026/criteria/1`, { met: true, comment: '' });
    expect(unknown.status).toBe(404);
    const badYear = await api
      .as(operator)
      .put(`/indicators/irbey/${mI}/1999/criteria/1`, { met: true, comment: '' });
    expect(badYear.status).toBe(400);
    expect(JSON.stringify(badYear.body)).toMatch(/year: /);
    const badBody = await api.as(operator).put(`/indicators/irbey/${mI}/2026/criteria/1`, { met: 'да' });
    expect(badBody.status).toBe(400);
    expect(JSON.stringify(badBody.body)).toMatch(/met/);
  });

  it('issues a municipal summary kept as issued, in XLSX, PDF and CSV', async () => {
    const issued = await api
      .as(operator)
      .post<{ reportId: string; files: string[]; title: string }>('/reports', {
        year: 2026,
      });
    expect(issued.status).toBe(201);
    const { reportId } = issued.body;
    expect(issued.body.title).toBe('Аналитическая справка: Ирбейский район, 2026 год');
    expect(issued.body.files).toEqual([
      `/reports/${reportId}.xlsx`,
      `/reports/${reportId}.pdf`,
      `/reports/${reportId}.csv`,
    ]);

    // XLSX, read back by a spreadsheet library
    const xlsx = await api.as(operator).get(`/reports/${reportId}.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.contentType).toMatch(/spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.bytes!) as unknown as ArrayBuffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual([
      'Справка',
      'Показатели Самара',
      'Цели 2–4',
      'Показатели Ирбей',
      'Диаграмма',
      'Рекомендации',
    ]);
    // goals 2–4: a title row per goal, then its indicators, the region-wide ones marked so
    const goalRows = book.getWorksheet('Цели 2–4')!.getSheetValues().filter(Array.isArray) as unknown[][];
    expect(goalRows.filter((values) => String(values[1]).startsWith('Цель ')).map((v) => v[1])).toEqual([
      'Цель 2. Обеспеченность качества, в том числе практикоориентированности программ ПК',
      'Цель 3. Конкурентность среды в ПК',
      'Цель 4. Сформированность проактивной позиции педагогов',
    ]);
    const goalRow = (title: string) => goalRows.find((values) => values[1] === title)!;
    expect(goalRow('Число экспертов программ ПК на 100 педагогов')[8]).toBe('регион');
    expect(goalRow('Доля владельцев ИОЧ, записавшихся на программу ПК')[8]).toBe('Ирбейский район');
    const irbeySheet = book.getWorksheet('Показатели Ирбей')!;
    const sheetRow = (id: string) =>
      irbeySheet.getSheetValues().find((values) => Array.isArray(values) && values[2] === id) as unknown[];
    expect(sheetRow('4')[5]).toBe('75 %');
    expect(sheetRow('4')[7]).toBe(75);
    expect(sheetRow('2.2c')[5]).toBe('Нет');
    expect(sheetRow('Итого')[5]).toBe(14);
    const recommendations = book
      .getWorksheet('Рекомендации')!
      .getColumn(1)
      .values.filter((value): value is string => typeof value === 'string');
    expect(recommendations.join('\n')).toMatch(/«Функциональная грамотность на уроке»/);
    expect(recommendations.join('\n')).toMatch(
      /разработать программу .*«Цифровые компетенции педагога» \(R\/03\) — дефицит у 1 педагога,/,
    );
    expect(recommendations.join('\n')).toMatch(/1 педагог \(Учитель\) не имеет педагогического образования/);

    // CSV for machines: a BOM, «;», one line per figure
    const csv = await api.as(operator).get(`/reports/${reportId}.csv`);
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(csv.text!.startsWith('\uFEFFsection;municipalityId;municipality;indicatorId;')).toBe(true);
    expect(csv.text).toContain(`irbey;${mI};Ирбейский район;4;`);
    expect(csv.text).toMatch(
      new RegExp(`\\r\\ngoal-4;${mI};Ирбейский район;voucher-holders-applied;[^\\r]*;percent\\r\\n`),
    );

    expect(csv.text).toContain(`irbey-total;${mI};Ирбейский район;total;Итоговый балл из 26;2026;14;26;`);

    // PDF with the Cyrillic font embedded, its first page drawn to a PNG for a person to look at
    const pdf = await api.as(operator).get(`/reports/${reportId}.pdf`);
    expect(pdf.contentType).toBe('application/pdf');
    const bytes = Buffer.from(pdf.bytes!);
    const keep = process.env['REPORT_PDF_DIR'];
    if (keep) await writeFile(join(keep, 'municipal-report.pdf'), bytes);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans/);
    const png = await firstPageAsPng(bytes, process.env['REPORT_PAGE_PNG']);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000); // a page of text and bars, not a blank one

    // later events do not change the issued summary; a new one sees them
    api.publish(deficit(i2, sI1, mI, 'R/05', 'monitoring'));
    (api.clock as TestClock).advance(60_000);
    expect((await api.as(operator).get(`/reports/${reportId}.csv`)).text).toBe(csv.text);
    const later = await api.as(operator).post<{ reportId: string }>('/reports', { year: 2026 });
    const laterCsv = (await api.as(operator).get(`/reports/${later.body.reportId}.csv`)).text!;
    expect(laterCsv).toMatch(/«Наставничество» \(R\/05\)/);
    expect(csv.text).not.toMatch(/R\/05/);

    const list = await api.as(operator).get<{ items: { reportId: string }[] }>('/reports?year=2026');
    expect(list.body.items.map((item) => item.reportId)).toEqual(
      [later.body.reportId, reportId].sort(() => 0),
    );
  });

  it('issues the region summary with every municipality, for the ministry only', async () => {
    const issued = await api.as(ministry).post<{ reportId: string }>('/reports', { year: 2026 });
    expect(issued.status).toBe(201);
    const pdf = await api.as(ministry).get(`/reports/${issued.body.reportId}.pdf`);
    expect(pdf.status).toBe(200);
    // REPORT_PDF_DIR=<folder> keeps both summaries' PDFs for a person to page through
    const keep = process.env['REPORT_PDF_DIR'];
    if (keep) await writeFile(join(keep, 'region-report.pdf'), pdf.bytes!);
    const csv = (await api.as(ministry).get(`/reports/${issued.body.reportId}.csv`)).text!;
    expect(csv).toContain(`irbey-total;${mI};Ирбейский район;total;`);
    expect(csv).toContain(`irbey-total;${mK};Канский район;total;`);
    // an operator reads their own municipality's summaries, not the region's
    expect((await api.as(operator).get(`/reports/${issued.body.reportId}.pdf`)).status).toBe(403);
    expect((await api.as(operator).post('/reports', { year: 2026, municipalityId: mK })).status).toBe(403);
    expect((await api.as(ministry).get(`/reports/${randomUUID()}.pdf`)).status).toBe(404);
    expect((await api.as(ministry).get('/reports/nonsense.doc')).status).toBe(400);
  });

  const endpoints = {
    irbey: ['get', `/indicators/irbey?year=2026&region=${region}`],
    record: ['put', () => `/indicators/irbey/${mI}/2026/criteria/3.1a`],
    issue: ['post', '/reports'],
    list: ['get', '/reports?year=2026'],
  } as const;
  const admitted: Record<keyof typeof endpoints, readonly Role[]> = {
    irbey: ['ministry-admin', 'auditor', 'municipal-operator', 'federal-analyst'],
    record: ['ministry-admin', 'municipal-operator'],
    issue: ['ministry-admin', 'municipal-operator'],
    list: ['ministry-admin', 'auditor', 'municipal-operator'],
  };

  it.each(Object.keys(endpoints) as (keyof typeof endpoints)[])(
    '%s admits exactly its roles',
    async (name) => {
      const [method, target] = endpoints[name];
      const path = typeof target === 'function' ? target() : target;
      const call = (who: Principal) =>
        method === 'get'
          ? api.as(who).get(path)
          : method === 'put'
            ? api.as(who).put(path, { met: false, comment: '' })
            : api.as(who).post(path, { year: 2026 });
      const statuses = Object.fromEntries(
        await Promise.all(ROLES.map(async (role) => [role, (await call(principal(role))).status] as const)),
      );
      const success = method === 'post' ? 201 : 200;
      expect(statuses).toEqual(
        Object.fromEntries(ROLES.map((role) => [role, admitted[name].includes(role) ? success : 403])),
      );
    },
  );
});

/** Draws the PDF's first page with pdf.js (pdf-to-img, an ES module: run as its own process). */
async function firstPageAsPng(pdf: Buffer, keepAt?: string): Promise<Buffer> {
  const folder = await mkdtemp(join(tmpdir(), 'report-'));
  const file = join(folder, 'report.pdf');
  await writeFile(file, pdf);
  const cli = join(dirname(require.resolve('pdf-to-img')), '..', 'bin', 'cli.mjs');
  await run(process.execPath, [cli, '--scale', '1.5', '--pages', '1', file], {
    cwd: folder,
  });
  const png = await readFile(join(folder, `${basename(file, '.pdf')}-1.png`));
  if (keepAt) await writeFile(keepAt, png);
  return png;
}
