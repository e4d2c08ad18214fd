import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { snilsCheckNumber } from '@pk/contracts';
import { type InMemoryService, publishedEvent, startInMemoryService } from '@pk/test-kit';
import { directoryOf } from '../../test/directory.fixtures';
import { FRDO_COLUMNS, MISSING_COLUMN } from '../application/frdo-export';
import { teacherIdOf } from '../application/teacher-id';
import { service } from '../service';

// The ФИС ФРДО export on the in-memory kit: completions from enrollment's topic, the program's card
// from catalog's, the learner's names opened from the sealed stream; who may export what; bad input.
// The same on the servers: frdo-export-api.int.spec.ts.

const school = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
const municipality = '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64';
const providerId = '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10';
const otherProviderId = '8f2d6b1c-4a3e-4c97-b5d0-1e7a9c3f5b28';
const programId = '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58';

const admin: Principal = { subject: 'admin-63', role: 'ministry-admin', region: '63' };
const adminElsewhere: Principal = { subject: 'admin-24', role: 'ministry-admin', region: '24' };
const provider: Principal = { subject: 'prov', role: 'provider', region: '63', organization: providerId };
const otherProvider: Principal = { ...provider, subject: 'prov-2', organization: otherProviderId };
const coordinator: Principal = {
  subject: 'coord',
  role: 'school-coordinator',
  region: '63',
  organization: school,
};

const nine = '123456789';
const snils = `${nine}${snilsCheckNumber(nine)}`;
const teacherId = teacherIdOf('63', snils);
const teacher: Principal = { subject: teacherId, role: 'teacher', region: '63' };

const completion = (fields: {
  certificateNumber: string;
  completedOn: string;
  provider?: string;
  teacher?: string;
}) =>
  publishedEvent(
    'enrollment.CourseCompleted',
    {
      enrollmentId: randomUUID(),
      teacherId: fields.teacher ?? teacherId,
      region: '63',
      organizationId: school,
      programId,
      providerId: fields.provider ?? providerId,
      kind: 'advanced-training',
      hours: 36,
      completedOn: fields.completedOn,
      certificateNumber: fields.certificateNumber,
    },
    { subject: `group-${randomUUID()}`, position: 9 },
  );

/** The file's rows as header → cell, BOM and CRLF checked on the way. */
function rowsOf(text: string): Record<string, string>[] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...lines] = text
    .slice(1)
    .split('\r\n')
    .filter((line) => line !== '');
  const columns = header!.split(';');
  expect(columns).toEqual([...FRDO_COLUMNS, MISSING_COLUMN]);
  // no cell below holds a `;` or a quote, so a split is the file's own reading
  return lines.map((line) => Object.fromEntries(line.split(';').map((cell, i) => [columns[i]!, cell])));
}

describe('ФИС ФРДО export (in memory)', () => {
  let api: InMemoryService;

  beforeAll(async () => {
    api = await startInMemoryService(service);
    api.publish(...directoryOf('63', [[school, municipality]]));
    const registered = await api.as(admin).post('/teachers', {
      region: '63',
      organizationId: school,
      municipalityId: municipality,
      position: 'teacher',
      subjects: ['physics'],
      workProfile: '',
      category: 'first',
      categorySince: '2022-04-15',
      education: 'higher-pedagogical',
      lastTrainingCompletedOn: '2022-11-30',
      personalData: { lastName: 'Черепанова', firstName: 'Ольга', patronymic: 'Викторовна', snils },
    });
    expect(registered.status).toBe(201);
    api.publish(
      publishedEvent(
        'catalog.ProgramApproved',
        { programId, providerId, region: '63', format: 'blended' },
        { subject: `program-${programId}`, position: 3 },
      ),
      completion({ certificateNumber: '632400000002', completedOn: '2026-04-20' }),
      completion({ certificateNumber: '632400000001', completedOn: '2026-04-03' }),
      completion({ certificateNumber: '632400000003', completedOn: '2026-05-02', provider: otherProviderId }),
      // a learner the teachers' register does not know
      completion({ certificateNumber: '632400000004', completedOn: '2026-05-10', teacher: randomUUID() }),
      // outside the period
      completion({ certificateNumber: '632400000005', completedOn: '2026-06-01' }),
    );
  });
  afterAll(() => api.close());

  const exported = (who: Principal, query: string) => api.as(who).get(`/frdo-exports?${query}`);

  it('gives the ministry the region’s documents of the period, filled from the three sources, with what each lacks', async () => {
    const answer = await exported(admin, 'from=2026-04-01&to=2026-05-31');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toContain('text/csv');
    const rows = rowsOf(answer.text ?? '');
    expect(rows.map((row) => row['Номер документа'])).toEqual([
      '632400000001',
      '632400000002',
      '632400000003',
      '632400000004',
    ]);
    expect(rows[0]).toMatchObject({
      'Вид документа': 'Удостоверение о повышении квалификации',
      'Дата выдачи документа': '03.04.2026',
      'Наименование дополнительной профессиональной программы':
        'Формирование функциональной грамотности обучающихся на уроках естественно-научного цикла',
      'Срок обучения, часов': '36',
      'Фамилия получателя': 'Черепанова',
      'Имя получателя': 'Ольга',
      'Отчество получателя': 'Викторовна',
      СНИЛС: `${snils.slice(0, 3)}-${snils.slice(3, 6)}-${snils.slice(6, 9)} ${snils.slice(9)}`,
      'Форма обучения': 'Очно-заочная',
      [MISSING_COLUMN]:
        'Регистрационный номер, Год начала обучения, Дата рождения получателя, Пол получателя, Гражданство получателя (код страны по ОКСМ)',
    });
    expect(rows[3]![MISSING_COLUMN]).toContain('педагога нет в реестре педагогов');
    expect(rows[3]!['Фамилия получателя']).toBe('');
    // every row lacks what the platform never collects, so every one is counted incomplete
    expect(answer.headers).toMatchObject({ 'x-rows': '4', 'x-incomplete-rows': '4' });
    expect(answer.headers?.['content-disposition']).toContain('frdo-63-2026-04-01-2026-05-31.csv');
  });

  it('a provider gets its own documents only; another region’s ministry none', async () => {
    const own = await api.as(provider).get('/frdo-exports?from=2026-04-01&to=2026-05-31');
    expect(own.status).toBe(200);
    expect(rowsOf(own.text ?? '').map((row) => row['Номер документа'])).toEqual([
      '632400000001',
      '632400000002',
      '632400000004',
    ]);
    const other = await exported(otherProvider, 'from=2026-04-01&to=2026-05-31');
    expect(rowsOf(other.text ?? '').map((row) => row['Номер документа'])).toEqual(['632400000003']);
    // the ministry of another region sees none of region 63's documents
    expect(rowsOf((await exported(adminElsewhere, 'from=2026-04-01&to=2026-05-31')).text ?? '')).toEqual([]);
    // the ministry may narrow to one provider
    const narrowed = await exported(admin, `from=2026-04-01&to=2026-05-31&providerId=${otherProviderId}`);
    expect(rowsOf(narrowed.text ?? '')).toHaveLength(1);
  });

  it('refuses the other roles and bad periods, naming the field', async () => {
    const cells: [string, Principal, string, number][] = [
      ['ministry', admin, 'from=2026-04-01&to=2026-04-30', 200],
      ['provider', provider, 'from=2026-04-01&to=2026-04-30', 200],
      ['coordinator', coordinator, 'from=2026-04-01&to=2026-04-30', 403],
      ['teacher', teacher, 'from=2026-04-01&to=2026-04-30', 403],
      ['no from', admin, 'to=2026-04-30', 400],
      ['a day that is not', admin, 'from=2026-02-30&to=2026-04-30', 400],
      ['backwards', admin, 'from=2026-04-30&to=2026-04-01', 400],
      ['over a year', admin, 'from=2025-01-01&to=2026-04-30', 400],
      ['bad provider', admin, 'from=2026-04-01&to=2026-04-30&providerId=x', 400],
    ];
    const answers: string[] = [];
    for (const [name, who, query] of cells) answers.push(`${name}: ${(await exported(who, query)).status}`);
    expect(answers).toEqual(cells.map(([name, , , status]) => `${name}: ${status}`));
    const named = async (query: string) => JSON.stringify((await exported(admin, query)).body);
    expect(await named('to=2026-04-30')).toContain('from:');
    expect(await named('from=2026-04-30&to=2026-04-01')).toContain('to:');
    expect(await named('from=2026-04-01&to=2026-04-30&providerId=x')).toContain('providerId:');
  });
});
