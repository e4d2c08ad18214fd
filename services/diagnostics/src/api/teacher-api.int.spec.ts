import { randomInt, randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { publicTopic, REGION_CODES } from '@pk/contracts';
import type { ProjectionRunner, ReadModelOf } from '@pk/projections';
import { readModelToken, ServiceKit } from '@pk/service-runtime';
import { serverEndpoints, type ServiceApi, startServiceApi, until, uniqueName } from '@pk/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { teacherIdOf } from '../application/teacher-id';
import { snilsCheckNumber } from '@pk/contracts';
import { teacherRoster } from '../projections/teacher-roster/teacher-roster.projection';
import { service } from '../service';
import { registerInDirectory } from '../../test/directory.fixtures';

// Teachers on the real servers: a file of 600 teachers with planted errors imported into the
// PostgreSQL event store, the same file again changing nothing, the roster and the overdue report
// on FerretDB with who may ask, and an erasure after which the teacher's names are nowhere —
// not in the event store, not on the public topic, not in the read store.
describe('teachers on PostgreSQL, Kafka and FerretDB (integration)', () => {
  const endpoints = serverEndpoints();
  const pool = new Pool({ connectionString: endpoints.databaseUrl, max: 2 });
  const TEACHERS = 600;
  /** Rows a chunk of the import runner holds here (IMPORT_CHUNK_ROWS): the file is three chunks. */
  const CHUNK_ROWS = 200;
  const SCHOOLS = 20;
  const ON = '2026-09-01';
  // ids and keys of this run only: the servers outlive test runs
  const run = randomInt(10_000, 99_999);
  const region = REGION_CODES[randomInt(REGION_CODES.length)]!; // a region of the directory
  const municipality = randomUUID();
  const otherMunicipality = randomUUID();
  const schools = Array.from({ length: SCHOOLS }, () => randomUUID());
  const nine = (index: number) => `${run}${String(index).padStart(4, '0')}`;
  const snils = (index: number) => `${nine(index)}${snilsCheckNumber(nine(index))}`;
  const lastName = (index: number) => `Тестова${run}х${index}`;
  const schoolOf = (index: number) => schools[index % SCHOOLS]!;
  const municipalityOf = (index: number) => (index % SCHOOLS < 15 ? municipality : otherMunicipality);
  // every third teacher trained in 2022 (overdue on ON), every seventh never; the rest in 2024
  const lastTraining = (index: number) =>
    index % 7 === 0 ? '' : index % 3 === 0 ? '2022-06-30' : '2024-06-30';

  // planted errors: the line (header is line 1, row i is line i + 2) and what the report must say
  const planted = new Map<number, { cells: Record<string, string>; column: string | null; reason: string }>([
    [
      10,
      {
        cells: { snils: `${nine(10)}${snilsCheckNumber(nine(10)) === '00' ? '01' : '00'}` },
        column: 'snils',
        reason: 'СНИЛС не проходит проверку контрольного числа',
      },
    ],
    [
      250,
      {
        cells: { position: 'Учитель танцев' },
        column: 'position',
        reason: 'должность: значения нет в списке',
      },
    ],
    [
      350,
      {
        cells: { last_training_on: '31.02.2024' },
        column: 'last_training_on',
        reason: 'дата не распознана',
      },
    ],
    [
      450,
      {
        cells: { subjects: '', work_profile: '' },
        column: 'subjects',
        reason: 'не указаны ни предметы, ни профиль работы',
      },
    ],
    [599, { cells: { snils: snils(3) }, column: 'snils', reason: 'этот СНИЛС уже встречается в строке 5' }],
  ]);
  const header =
    'snils;last_name;first_name;patronymic;organization_id;municipality_id;position;subjects;work_profile;category;category_since;education;last_training_on;email;phone';
  const row = (index: number) => {
    const cells: Record<string, string> = {
      snils: snils(index),
      last_name: lastName(index),
      first_name: 'Ольга',
      patronymic: 'Викторовна',
      organization_id: schoolOf(index),
      municipality_id: municipalityOf(index),
      position: index % 2 ? 'Учитель' : 'teacher',
      subjects: index % 2 ? 'Физика' : 'mathematics|informatics',
      work_profile: '',
      category: index % 4 === 0 ? 'Первая' : 'none',
      category_since: index % 4 === 0 ? '15.04.2022' : '',
      education: 'Высшее педагогическое',
      last_training_on: lastTraining(index),
      email: `t${index}@school.ru`,
      phone: '+7 846 123-45-67',
      ...planted.get(index)?.cells,
    };
    return Object.values(cells).join(';');
  };
  const file = [header, ...Array.from({ length: TEACHERS }, (_, index) => row(index))].join('\r\n');
  const imported = Array.from({ length: TEACHERS }, (_, index) => index).filter(
    (index) => !planted.has(index),
  );

  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region };
  let api: ServiceApi;

  // What the service writes to its log, kept by a logger of the spec's own: personal data must never
  // be in it, the erased teacher's least of all.
  let logged = '';
  const keep = (...parts: unknown[]) => {
    logged += `${parts.map(String).join(' ')}\n`;
  };

  const chunkRows = process.env['IMPORT_CHUNK_ROWS'];
  beforeAll(async () => {
    process.env['IMPORT_CHUNK_ROWS'] = String(CHUNK_ROWS);
    api = await startServiceApi('diagnostics', [ServiceKit.forService(service)]);
    api.app.useLogger({ log: keep, error: keep, warn: keep, debug: keep, verbose: keep, fatal: keep });
    await registerInDirectory(
      api.app,
      region,
      schools.map((school, index) => [school, municipalityOf(index)] as const),
    );
  });
  afterAll(async () => {
    if (chunkRows === undefined) delete process.env['IMPORT_CHUNK_ROWS'];
    else process.env['IMPORT_CHUNK_ROWS'] = chunkRows;
    await api?.close();
    await pool.end();
  });

  const roster = () => api.app.get<ReadModelOf<typeof teacherRoster>>(readModelToken(teacherRoster));
  // this run's streams only: a region code may repeat between runs on the shared servers
  const streams = imported.map((index) => `teacher-${teacherIdOf(region, snils(index))}`);
  const storedEvents = async () =>
    Number(
      (
        await pool.query<{ n: string }>(
          'select count(*) as n from diagnostics.events where stream_id = any($1::text[])',
          [streams],
        )
      ).rows[0]!.n,
    );

  async function importFile() {
    const startedAt = performance.now();
    const started = await api
      .as(admin)
      .post(`/imports/teachers?region=${region}`, file, { 'content-type': 'text/csv' });
    expect(started).toMatchObject({ status: 202, body: { status: 'running', totalRows: TEACHERS } });
    let report: Record<string, unknown> = {};
    await until(
      async () => {
        report = (await api.as(admin).get(`/imports/${started.body['importId']}`)).body;
        return report['status'] === 'finished';
      },
      'the teacher import to finish',
      { timeoutMs: 120_000, pollMs: 100 },
    );
    return { report, seconds: (performance.now() - startedAt) / 1000 };
  }

  it('imports 600 teachers (three chunks of the runner), rejects exactly the planted lines, and the same file again changes nothing', async () => {
    const first = await importFile();
    expect(first.report).toMatchObject({
      status: 'finished',
      totalRows: TEACHERS,
      processed: TEACHERS,
      registered: imported.length,
      updated: 0,
      unchanged: 0,
      rejected: planted.size,
    });
    const rejections = first.report['rejections'] as {
      line: number;
      column: string | null;
      reason: string;
    }[];
    expect(rejections.map(({ line, column }) => ({ line, column }))).toEqual(
      [...planted].map(([index, { column }]) => ({ line: index + 2, column })),
    );
    for (const [index, { reason }] of planted) {
      expect(rejections.find((r) => r.line === index + 2)?.reason).toContain(reason);
    }
    // two events a teacher: the public record and the private, sealed personal data
    expect(await storedEvents()).toBe(imported.length * 2);

    const again = await importFile();
    expect(again.report).toMatchObject({
      registered: 0,
      updated: 0,
      unchanged: imported.length,
      rejected: planted.size,
    });
    expect(await storedEvents()).toBe(imported.length * 2);
    console.log(
      `teacher import of ${TEACHERS} rows on PostgreSQL: ${first.seconds.toFixed(2)} s ` +
        `(${Math.round(TEACHERS / first.seconds)} rows/s); again, all unchanged: ${again.seconds.toFixed(2)} s`,
    );
  });

  it('counts teachers overdue for ПК per school and municipality, for whom may ask', async () => {
    const inMunicipality = imported.filter((index) => municipalityOf(index) === municipality);
    const path = `/statistics/overdue-training?region=${region}&municipalityId=${municipality}&on=${ON}`;
    await until(
      async () => (await api.as(admin).get(path)).body['teachers'] === inMunicipality.length,
      'the roster to hold the municipality’s teachers',
      { timeoutMs: 60_000, pollMs: 200 },
    );
    const overdue = (indexes: number[]) =>
      indexes.filter((index) => lastTraining(index) === '' || lastTraining(index) === '2022-06-30').length;
    const startedAt = performance.now();
    const report = (await api.as(admin).get(path)).body;
    const took = performance.now() - startedAt;
    expect(report).toMatchObject({
      region,
      municipalityId: municipality,
      on: ON,
      teachers: inMunicipality.length,
      overdue: overdue(inMunicipality),
      municipalities: [
        { municipalityId: municipality, teachers: inMunicipality.length, overdue: overdue(inMunicipality) },
      ],
    });
    const school = schools[3]!;
    const inSchool = imported.filter((index) => schoolOf(index) === school);
    expect(
      (report['organizations'] as { organizationId: string }[]).find((o) => o.organizationId === school),
    ).toEqual({
      organizationId: school,
      municipalityId: municipality,
      teachers: inSchool.length,
      overdue: overdue(inSchool),
    });
    // on a day before the 2022 courses ran out, only those without any ПК are overdue
    expect(
      (
        await api
          .as(admin)
          .get(`/statistics/overdue-training?region=${region}&organizationId=${school}&on=2025-06-30`)
      ).body,
    ).toMatchObject({
      teachers: inSchool.length,
      overdue: inSchool.filter((index) => lastTraining(index) === '').length,
    });
    console.log(
      `overdue report of a municipality with ${inMunicipality.length} teachers: ${took.toFixed(0)} ms`,
    );

    const as = (principal: Omit<Principal, 'region'>) => api.as({ region, ...principal } as Principal);
    const table: [string, Omit<Principal, 'region'>, string, number][] = [
      ['auditor, the region', { subject: 'a', role: 'auditor' }, '', 200],
      [
        'operator, own municipality',
        { subject: 'o', role: 'municipal-operator', municipality },
        `&municipalityId=${municipality}`,
        200,
      ],
      [
        'operator, other municipality',
        { subject: 'o', role: 'municipal-operator', municipality },
        `&municipalityId=${otherMunicipality}`,
        403,
      ],
      ['operator, the whole region', { subject: 'o', role: 'municipal-operator', municipality }, '', 403],
      [
        'coordinator, own school',
        { subject: 'c', role: 'school-coordinator', organization: school },
        `&organizationId=${school}`,
        200,
      ],
      [
        'coordinator, other school',
        { subject: 'c', role: 'school-coordinator', organization: school },
        `&organizationId=${schools[4]}`,
        403,
      ],
      [
        'teacher',
        { subject: teacherIdOf(region, snils(1)), role: 'teacher' },
        `&organizationId=${school}`,
        403,
      ],
      [
        'provider',
        { subject: 'p', role: 'provider', organization: school },
        `&organizationId=${school}`,
        403,
      ],
    ];
    for (const [who, principal, filter, status] of table) {
      const answer = await as(principal).get(
        `/statistics/overdue-training?region=${region}${filter}&on=${ON}`,
      );
      expect({ who, status: answer.status }).toEqual({ who, status });
    }
    expect((await api.as({ ...admin, region: region === '24' ? '63' : '24' }).get(path)).status).toBe(403);
  });

  it('shows a teacher’s record, without names, to whom may see it', async () => {
    const index = 16; // school 16 lies in the other municipality
    const teacherId = teacherIdOf(region, snils(index));
    await until(async () => (await api.as(admin).get(`/teachers/${teacherId}`)).status === 200, 'the roster');
    const as = (principal: Omit<Principal, 'region'>) => api.as({ region, ...principal } as Principal);
    const table: [string, Omit<Principal, 'region'>, number][] = [
      ['auditor', { subject: 'a', role: 'auditor' }, 200],
      [
        'coordinator of its school',
        { subject: 'c', role: 'school-coordinator', organization: schoolOf(index) },
        200,
      ],
      [
        'coordinator of another school',
        { subject: 'c', role: 'school-coordinator', organization: schools[0]! },
        403,
      ],
      [
        'operator of its municipality',
        { subject: 'o', role: 'municipal-operator', municipality: otherMunicipality },
        200,
      ],
      ['operator of another municipality', { subject: 'o', role: 'municipal-operator', municipality }, 403],
      ['the teacher', { subject: teacherId, role: 'teacher' }, 200],
      ['another teacher', { subject: teacherIdOf(region, snils(17)), role: 'teacher' }, 403],
      ['expert', { subject: 'e', role: 'expert' }, 403],
    ];
    for (const [who, principal, status] of table) {
      const answer = await as(principal).get(`/teachers/${teacherId}`);
      expect({ who, status: answer.status }).toEqual({ who, status });
    }
    expect((await api.as(admin).get(`/teachers/${teacherId}`)).body).toEqual({
      teacherId,
      region,
      organizationId: schoolOf(index),
      municipalityId: otherMunicipality,
      position: 'teacher',
      subjects: ['mathematics', 'informatics'],
      workProfile: '',
      category: 'first',
      categorySince: '2022-04-15',
      education: 'higher-pedagogical',
      lastTrainingCompletedOn: '2024-06-30',
      trainingDueOn: '2027-06-30',
      erased: false,
      updatedAt: expect.any(String),
    });
  });

  it('erases a teacher: the names are nowhere — event store, public topic, read store — and cannot be read', async () => {
    const index = 21;
    const teacherId = teacherIdOf(region, snils(index));
    const name = lastName(index);
    const personalData = `/teachers/${teacherId}/personal-data`;
    expect((await api.as(admin).get(personalData)).body).toMatchObject({ lastName: name, erased: false });

    expect(await api.as(admin).post(`/teachers/${teacherId}/erasure`)).toMatchObject({ status: 200 });
    expect(await api.as(admin).get(personalData)).toMatchObject({
      status: 410,
      body: { code: 'teacher-erased' },
    });
    const { rows: keys } = await pool.query(
      'select wrapped_key, generation, destroyed_at from diagnostics.teacher_wrapped_keys where teacher_id = $1',
      [teacherId],
    );
    expect(keys).toEqual([{ wrapped_key: null, generation: null, destroyed_at: expect.any(Date) }]);

    // the event store: its events replay, and none holds the name or the СНИЛС in clear
    const { rows: events } = await pool.query<{ type: string }>(
      'select type from diagnostics.events where stream_id = $1 order by stream_position',
      [`teacher-${teacherId}`],
    );
    expect(events.map((e) => e.type)).toEqual([
      'diagnostics.TeacherRegistered',
      'diagnostics.TeacherPersonalDataRecorded',
      'diagnostics.TeacherErased',
    ]);
    const { rows: leaks } = await pool.query(
      `select stream_id from diagnostics.events where data::text ilike $1 or data::text like $2`,
      [`%${name}%`, `%${snils(index)}%`],
    );
    expect(leaks).toEqual([]);

    // the public topic: the teacher's messages, up to the erasure, hold neither
    const messages = await topicMessagesOf(`teacher-${teacherId}`, 'diagnostics.TeacherErased');
    expect(messages.map((m) => m.type)).toEqual([
      'diagnostics.TeacherRegistered',
      'diagnostics.TeacherErased',
    ]);
    for (const { value } of messages) {
      expect(value.toLowerCase()).not.toContain(name.toLowerCase());
      expect(value).not.toContain(snils(index));
    }

    // the record shows nothing of the person but the fact (410, as every read of an erased
    // teacher), and the roster keeps no more
    expect(await api.as(admin).get(`/teachers/${teacherId}`)).toMatchObject({
      status: 410,
      body: { code: 'teacher-erased' },
    });
    await until(
      async () =>
        (await roster().collection('teachers').findById<{ erased?: boolean }>(teacherId))?.erased === true,
      'the roster to mark the erasure',
    );
    expect(await roster().collection('teachers').findById(teacherId, { _position: 0 })).toEqual({
      _id: teacherId,
      region,
      organizationId: null,
      municipalityId: null,
      position: null,
      subjects: [],
      workProfile: null,
      category: null,
      categorySince: null,
      education: null,
      lastTrainingCompletedOn: null,
      trainingDueOn: null,
      erased: true,
      updatedAt: expect.any(String),
    });

    // the read store: the roster's documents of this run hold no name, СНИЛС or address
    const documents = JSON.stringify([
      ...(await roster().collection('teachers').find({ municipalityId: municipality })),
      ...(await roster().collection('teachers').find({ municipalityId: otherMunicipality })),
      await roster().collection('teachers').findById(teacherId),
    ]);
    expect(documents).toContain(teacherId);
    for (const i of [index, 1, 2]) {
      expect(documents).not.toContain(lastName(i));
      expect(documents).not.toContain(snils(i));
      expect(documents).not.toContain(`t${i}@school.ru`);
    }
  });

  it('rebuilds every diagnostics read model from zero after the erasure: the same documents, the erased teacher still erased, no names', async () => {
    // every read model of the service, whatever part keeps it: the rebuild reads the public topics,
    // which never held personal data, so nothing of the erased teacher can come back
    const projections = service.readModels ?? [];
    const runners = projections.map((projection) =>
      api.app.get<ProjectionRunner>(readModelToken(projection)),
    );
    const ofThisRun = imported.map((index) => teacherIdOf(region, snils(index)));
    const ofThisRegion = async () =>
      Object.fromEntries(
        await Promise.all(
          projections.flatMap((projection, index) =>
            Object.keys(projection.collections).map(async (collection) => [
              `${projection.name}/${collection}`,
              (
                await runners[index]!.collection(collection).find<{ _id: string }>(
                  { region },
                  { fields: { _position: 0 } },
                )
              )
                // this run's teachers only: the region code may have served an earlier run
                .filter((document) =>
                  ofThisRun.some((teacherId) => JSON.stringify(document).includes(teacherId)),
                )
                .sort((a, b) => String(a._id).localeCompare(String(b._id))),
            ]),
          ),
        ),
      );
    // two other teachers of the region have deficits, so the profiles' read models hold documents too
    for (const i of [1, 2]) {
      const recorded = await api.as(admin).post('/external-results', {
        resultId: randomUUID(),
        teacherId: teacherIdOf(region, snils(i)),
        region,
        source: 'federal-assessment',
        recordedOn: '2026-02-10',
        scores: [
          { competency: 'R/01', score: 35 },
          { competency: 'A/01.6', score: 90 },
        ],
      });
      expect(recorded.status).toBe(201);
    }
    const withDeficits = [1, 2].map((i) => teacherIdOf(region, snils(i)));
    await until(
      async () =>
        ((await ofThisRegion())['teacher-profiles/deficits'] as { teacherId?: string }[]).filter((d) =>
          withDeficits.includes(String(d.teacherId)),
        ).length === 2,
      'the two deficits in the profiles read model',
    );
    const before = await ofThisRegion();
    expect(before['teacher-roster/teachers']).toHaveLength(imported.length);
    const operator = { id: 'ops', role: 'platform-operator' };
    for (const runner of runners) expect((await runner.rebuild(operator)).state).toBe('rebuilding');
    await until(
      () => runners.every((runner) => runner.progress()?.state === 'swapped'),
      'every rebuilt read model swapped in',
      { timeoutMs: 180_000 },
    );
    const after = await ofThisRegion();
    expect(after).toEqual(before);
    const erased = (after['teacher-roster/teachers'] as { _id: unknown }[]).find(
      (teacher) => teacher._id === teacherIdOf(region, snils(21)),
    );
    expect(erased).toMatchObject({ erased: true });
    const documents = JSON.stringify(after);
    for (const i of [21, 1, 2]) {
      expect(documents).not.toContain(lastName(i));
      expect(documents).not.toContain(snils(i));
      expect(documents).not.toContain(`t${i}@school.ru`);
    }
    // and the service's log of the whole run, imports, reads of personal data and erasure included
    expect(logged).toMatch(/personal data/i); // the reads were logged, by whom and whose
    for (const i of [21, 1, 2]) {
      expect(logged).not.toContain(lastName(i));
      expect(logged).not.toContain(snils(i));
    }
  });

  /** The public topic's messages keyed by the stream, from the beginning until one of the type. */
  async function topicMessagesOf(key: string, lastType: string) {
    const kafka = new Kafka({
      clientId: 'teachers-int',
      brokers: endpoints.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: uniqueName('teachers-int') });
    const found: { type: string; value: string }[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: publicTopic('diagnostics'), fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${lastType} for ${key} within 60 s`)), 60_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            if (message.key?.toString() !== key) return;
            const value = message.value?.toString() ?? '';
            found.push({ type: (JSON.parse(value) as { type: string }).type, value });
            if (found.at(-1)!.type === lastType) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return found;
  }
});
