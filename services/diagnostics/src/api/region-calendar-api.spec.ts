import type { Principal } from '@pk/auth';
import { type ServiceApi, startInMemoryService, TestClock, until } from '@pk/test-kit';
import { directoryOf } from '../../test/directory.fixtures';
import { snilsCheckNumber } from '@pk/contracts';
import { service } from '../service';

// Issue 16.3: "today" is the region's day, not UTC's. A teacher whose ПК of 31 August 2023 counts
// through 31 August 2026 is overdue from 1 September — on the region's clock: at 21:30 UTC on
// 31 August it is already 1 September in Samara (UTC+4), and at 12:30 UTC already on Kamchatka
// (UTC+12). The same holds for the dates a registration may name, and a region the directory does
// not hold is refused.

const snils = (n: number) => {
  const nine = String(n).padStart(9, '0');
  return `${nine.slice(0, 3)}-${nine.slice(3, 6)}-${nine.slice(6)} ${snilsCheckNumber(nine)}`;
};

// a school and its municipality in each region (the catalog's directory must hold them: issue 16.9)
const municipalityOf = (region: string) => `6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b${region}`;
const schoolOf = (region: string) => `c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c${region}`;

const registration = (region: string, n: number, lastTrainingCompletedOn: string) => ({
  region,
  organizationId: schoolOf(region),
  municipalityId: municipalityOf(region),
  position: 'teacher',
  subjects: ['physics'],
  workProfile: '',
  category: 'none',
  categorySince: null,
  education: 'higher-pedagogical',
  lastTrainingCompletedOn,
  personalData: {
    lastName: 'Черепанова',
    firstName: 'Ольга',
    patronymic: 'Викторовна',
    snils: snils(n),
    email: `teacher${n}@school.ru`,
    phone: '+7 846 123-45-67',
  },
});

const admin = (region: string): Principal => ({ subject: `admin-${region}`, role: 'ministry-admin', region });

describe('the region’s day in diagnostics (issue 16.3)', () => {
  const clock = new TestClock(new Date('2026-08-31T12:30:00Z'));
  let api: ServiceApi;

  beforeAll(async () => {
    const started = await startInMemoryService(service, { clock });
    for (const region of ['63', '41', '39']) {
      started.publish(...directoryOf(region, [[schoolOf(region), municipalityOf(region)]]));
    }
    api = started;
  });
  afterAll(() => api.close());

  const overdue = async (region: string) => {
    const answer = await api
      .as(admin(region))
      .get<{ on: string; teachers: number; overdue: number }>(
        `/statistics/overdue-training?region=${region}`,
      );
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('counts a teacher overdue from the first day past three years on its region’s clock', async () => {
    // given a teacher in Samara and one on Kamchatka, each with a ПК of 31 August 2023
    for (const [region, n] of [
      ['63', 100_000_001],
      ['41', 100_000_002],
    ] as const) {
      expect(
        (await api.as(admin(region)).post('/teachers', registration(region, n, '2023-08-31'))).status,
      ).toBe(201);
    }
    await until(
      async () => (await overdue('63')).teachers === 1 && (await overdue('41')).teachers === 1,
      'the roster',
    );

    // when it is 12:30 UTC on 31 August: 16:30 in Samara, 00:30 on 1 September on Kamchatka
    clock.set('2026-08-31T12:30:00Z');
    // then the Kamchatka teacher is overdue today, the Samara one not yet
    expect(await overdue('41')).toMatchObject({ on: '2026-09-01', teachers: 1, overdue: 1 });
    expect(await overdue('63')).toMatchObject({ on: '2026-08-31', teachers: 1, overdue: 0 });

    // when it is 21:30 UTC on 31 August, still the 31st at UTC: 01:30 on 1 September in Samara
    clock.set('2026-08-31T21:30:00Z');
    // then the Samara teacher is overdue too
    expect(await overdue('63')).toMatchObject({ on: '2026-09-01', teachers: 1, overdue: 1 });
  });

  it('takes a ПК completed today in the region, though it is tomorrow at UTC', async () => {
    // 21:30 UTC on 31 August: 1 September in Samara, where the teacher finished a course today
    clock.set('2026-08-31T21:30:00Z');
    expect(
      await api.as(admin('63')).post('/teachers', registration('63', 100_000_003, '2026-09-01')),
    ).toMatchObject({ status: 201 });
    // the day after the region's today is still the future
    expect(
      await api.as(admin('63')).post('/teachers', registration('63', 100_000_004, '2026-09-02')),
    ).toMatchObject({ status: 422, body: { code: 'teacher-date-in-future' } });
    // Kaliningrad (UTC+2) is still on 31 August: 1 September is tomorrow there
    expect(
      await api.as(admin('39')).post('/teachers', registration('39', 100_000_005, '2026-09-01')),
    ).toMatchObject({ status: 422, body: { code: 'teacher-date-in-future' } });
  });

  it('refuses a region code the directory does not hold, naming it', async () => {
    const unknown = await api.as(admin('99')).get('/statistics/overdue-training?region=99');
    expect(unknown).toMatchObject({ status: 400 });
    expect(JSON.stringify(unknown.body)).toContain('region: 99 — не код субъекта РФ');
    expect(
      await api.as(admin('99')).post('/teachers', registration('99', 100_000_006, '2023-08-31')),
    ).toMatchObject({ status: 400 });
  });
});
