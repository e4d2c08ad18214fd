import { Writable } from 'node:stream';
import type { Principal } from '@pk/auth';
import { snilsCheckNumber } from '@pk/contracts';
import { InMemoryEventStore } from '@pk/kernel';
import { PublishedEvents, ServiceKit } from '@pk/service-runtime';
import { publishedEvent, type ServiceApi, startServiceApi, TestClock, until } from '@pk/test-kit';
import { teacherIdOf } from '../application/teacher-id';
import { service } from '../service';

// Personal data never reaches the log: a teacher's name and СНИЛС go through every path that takes
// them (registration, its refusal, the look-up by СНИЛС, reading the personal data, the bulk import
// with a rejected row, a search-like query string) and the captured JSON lines are grepped for them.
// The same lines must carry the service, correlation id and actor, so the capture is known to work.

const snils = (n: number) => {
  const nine = String(n).padStart(9, '0');
  return `${nine.slice(0, 3)}-${nine.slice(3, 6)}-${nine.slice(6)} ${snilsCheckNumber(nine)}`;
};
const digits = (text: string) => text.replace(/\D/g, '');

const school = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
const municipality = '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64';
const admin: Principal = { subject: 'admin-63', role: 'ministry-admin', region: '63' };

const planted = {
  lastName: 'Зарубина',
  firstName: 'Евфросинья',
  patronymic: 'Аркадьевна',
  snils: snils(314_159_265),
  email: 'e.zarubina@school12.ru',
  phone: '+7 846 765-43-21',
};
const importedName = 'Квасникова';
const importedSnils = snils(271_828_182);
const registration = {
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
  personalData: planted,
};

/** Every form a planted value could take in a line: as typed, digits only, JSON-escaped, in a URL. */
const secrets = [
  planted.lastName,
  planted.firstName,
  planted.patronymic,
  planted.snils,
  digits(planted.snils),
  planted.email,
  planted.phone,
  importedName,
  importedSnils,
  digits(importedSnils),
].flatMap((text) => [text, JSON.stringify(text).slice(1, -1), encodeURIComponent(text)]);

describe('personal data in the logs', () => {
  const clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
  const lines: string[] = [];
  let api: ServiceApi;

  beforeAll(async () => {
    const log = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const store = new InMemoryEventStore({ source: 'pk/diagnostics', clock });
    api = await startServiceApi('diagnostics', [ServiceKit.inMemory(service, { store, clock })], { log });
    api.app.get(PublishedEvents).publish(
      publishedEvent(
        'catalog.MunicipalityRegistered',
        { municipalityId: municipality, region: '63' },
        {
          subject: `municipality-${municipality}`,
        },
      ),
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId: school, municipalityId: municipality, region: '63' },
        { subject: `organization-${school}` },
      ),
    );
  });
  afterAll(() => api.close());

  it('given a teacher registered, refused, looked up, read and imported, then no line holds a name or СНИЛС', async () => {
    const headers = { 'x-correlation-id': 'pd-logs-register' };
    const as = api.as(admin);
    expect(await as.post('/teachers', registration, headers)).toMatchObject({ status: 201 });
    // the same person again (idempotent), refusals: a school the directory does not know, and a
    // СНИЛС that fails its check number
    expect((await as.post('/teachers', registration, headers)).status).toBe(201);
    const unknownSchool = { ...registration, organizationId: '0b9e7c55-2d41-4f8a-b3c6-5e1d7a9f2c80' };
    expect((await as.post('/teachers', unknownSchool, headers)).status).toBeGreaterThanOrEqual(400);
    const badSnils = { ...registration, personalData: { ...planted, snils: '314-159-265 00' } };
    expect((await as.post('/teachers', badSnils, headers)).status).toBe(400);
    const lookup = await as.post(
      '/teachers/lookup',
      { region: '63', snils: planted.snils },
      {
        'x-correlation-id': 'pd-logs-lookup',
      },
    );
    expect(lookup).toMatchObject({ status: 200 });
    const teacherId = teacherIdOf('63', digits(planted.snils));
    expect((await as.get(`/teachers/${teacherId}/personal-data`)).status).toBe(200);
    // a query string naming the teacher (as a search would) stays out of the request line
    await as.get(`/teachers/${teacherId}?lastName=${encodeURIComponent(planted.lastName)}`);

    const header =
      'snils;last_name;first_name;patronymic;organization_id;municipality_id;position;subjects;category;category_since;education;last_training_on;email;phone';
    const row = (value: string, name: string) =>
      [
        value,
        name,
        'Анна',
        'Сергеевна',
        school,
        municipality,
        'teacher',
        'physics',
        'first',
        '2022-04-15',
        'higher-pedagogical',
        '2022-06-30',
        '',
        '',
      ].join(';');
    const file = [header, row(importedSnils, importedName), row('271-828-182 00', importedName)].join('\r\n');
    const started = await as.post('/imports/teachers?region=63', file, { 'content-type': 'text/csv' });
    expect(started).toMatchObject({ status: 202 });
    await until(
      async () => (await as.get(`/imports/${started.body['importId']}`)).body['status'] === 'finished',
      'the import to finish',
    );

    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    // the capture works: the paths were logged, with the service, correlation id and actor
    const registered = parsed.find((line) => line['message'] === 'POST /teachers 201');
    expect(registered).toMatchObject({
      service: 'diagnostics',
      correlationId: 'pd-logs-register',
      actor: 'admin-63',
    });
    const audit = parsed.find((line) => String(line['message']).includes('looked up by СНИЛС'));
    expect(audit).toMatchObject({
      service: 'diagnostics',
      correlationId: 'pd-logs-lookup',
      actor: 'admin-63',
    });
    expect(parsed.some((line) => String(line['message']).startsWith('POST /imports/teachers 202'))).toBe(
      true,
    );
    // and nothing personal in any of them
    const leaks = lines.flatMap((line) =>
      secrets.filter((secret) => line.includes(secret)).map((secret) => `${secret} in ${line}`),
    );
    expect(leaks).toEqual([]);
  });
});
