import { randomInt } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { ServiceKit } from '@pk/service-runtime';
import { serverEndpoints, type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import { Pool } from 'pg';
import { directoryId } from '../domain/directory-id';
import { service } from '../service';

// The bulk import on the real event store: 1 200 organizations (and the municipalities they lie in)
// from one file, with progress while it runs; the same file again changes nothing; and the report
// outlives the process that made it.
// Each import may take up to two minutes on two cores shared with the other test lanes.
jest.setTimeout(360_000);

describe('directory import on PostgreSQL (integration)', () => {
  const pool = new Pool({ connectionString: serverEndpoints().databaseUrl, max: 2 });
  const admin: Principal = { subject: 'admin-63', role: 'ministry-admin', region: '63' };
  // three chunks of 120 rows (IMPORT_CHUNK_ROWS, 500 in a deployment): progress is seen between them
  const CHUNK_ROWS = 120;
  const ORGANIZATIONS = 360;
  const MUNICIPALITIES = 12;
  let api: ServiceApi;

  // Keys of this run only: ids derive from them, and the database outlives test runs.
  const run = randomInt(10_000, 99_999);
  const oktmo = (index: number) => `${run}${String(index).padStart(3, '0')}`;
  const inn = (index: number) => `${run}${String(index).padStart(5, '0')}`;
  const municipalitiesFile = [
    'oktmo;name;kind',
    ...Array.from(
      { length: MUNICIPALITIES },
      (_, i) => `${oktmo(i)};Муниципальный район № ${i};municipal-district`,
    ),
  ].join('\r\n');
  const organizationsFile = [
    'inn;name;kind;municipality_oktmo',
    ...Array.from(
      { length: ORGANIZATIONS },
      (_, i) =>
        `${inn(i)};"МБОУ ""Школа № ${i + 1}""; корпус ${i % 3}";${i % 2 ? 'school' : 'ДОУ'};${oktmo(i % MUNICIPALITIES)}`,
    ),
  ].join('\r\n');

  const chunkRows = process.env['IMPORT_CHUNK_ROWS'];
  beforeAll(async () => {
    process.env['IMPORT_CHUNK_ROWS'] = String(CHUNK_ROWS);
    api = await startServiceApi('catalog', [ServiceKit.forService(service)]);
  });
  afterAll(async () => {
    if (chunkRows === undefined) delete process.env['IMPORT_CHUNK_ROWS'];
    else process.env['IMPORT_CHUNK_ROWS'] = chunkRows;
    await api.close();
    await pool.end();
  });

  const storedEvents = async () =>
    Number((await pool.query<{ n: string }>('select count(*) as n from catalog.events')).rows[0]!.n);

  /** Imports a file and polls its report until it has finished; the progress seen on the way. */
  async function importFile(directory: string, csv: string) {
    const startedAt = performance.now();
    const started = await api
      .as(admin)
      .post(`/imports/${directory}?region=63`, csv, { 'content-type': 'text/csv' });
    expect(started).toMatchObject({ status: 202, body: { status: 'running' } });
    const seen: Record<string, unknown>[] = [];
    await until(
      async () => {
        const report = (await api.as(admin).get(`/imports/${started.body['importId']}`)).body;
        seen.push(report);
        return report['status'] === 'finished';
      },
      `the ${directory} import to finish`,
      { timeoutMs: 120_000, pollMs: 50 },
    );
    return { report: seen.at(-1)!, seen, seconds: (performance.now() - startedAt) / 1000 };
  }

  it('imports 360 organizations (three chunks) in seconds, and the same file again changes nothing', async () => {
    const municipalities = await importFile('municipalities', municipalitiesFile);
    expect(municipalities.report).toMatchObject({ registered: MUNICIPALITIES, rejected: 0 });

    const before = await storedEvents();
    const first = await importFile('organizations', organizationsFile);
    expect(first.report).toMatchObject({
      status: 'finished',
      totalRows: ORGANIZATIONS,
      processed: ORGANIZATIONS,
      registered: ORGANIZATIONS,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      rejections: [],
    });
    expect(await storedEvents()).toBe(before + ORGANIZATIONS);
    // progress while it ran: a report in between shows rows processed, fewer than all
    const between = first.seen.filter((r) => r['status'] === 'running').map((r) => Number(r['processed']));
    expect(between.length).toBeGreaterThan(0);
    expect(between.some((processed) => processed > 0 && processed < ORGANIZATIONS)).toBe(true);
    const { rows } = await pool.query('select data from catalog.events where stream_id = $1', [
      `organization-${directoryId('organization', '63', inn(7))}`,
    ]);
    expect(rows).toEqual([
      {
        data: expect.objectContaining({
          name: 'МБОУ "Школа № 8"; корпус 1',
          kind: 'school',
          municipalityId: directoryId('municipality', '63', oktmo(7)),
        }),
      },
    ]);

    const again = await importFile('organizations', organizationsFile);
    expect(again.report).toMatchObject({
      status: 'finished',
      processed: ORGANIZATIONS,
      registered: 0,
      updated: 0,
      unchanged: ORGANIZATIONS,
      rejected: 0,
    });
    expect(await storedEvents()).toBe(before + ORGANIZATIONS);

    // quoted in the report of this work: the time from POST to a finished report
    console.log(
      `import of ${ORGANIZATIONS} organizations on PostgreSQL: ${first.seconds.toFixed(2)} s ` +
        `(${Math.round(ORGANIZATIONS / first.seconds)} rows/s); re-import, all unchanged: ${again.seconds.toFixed(2)} s; ` +
        `${MUNICIPALITIES} municipalities: ${municipalities.seconds.toFixed(2)} s`,
    );
  });

  it('reads a municipality’s imported organizations back from the directories read model, a page at a time', async () => {
    // (after the import above) municipality 0 holds every 12th organization: 30 of them, 3 pages of 12
    const municipalityId = directoryId('municipality', '63', oktmo(0));
    const pageThrough = async () => {
      const ids: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const query: string = `/organizations?municipalityId=${municipalityId}&limit=12${after ? `&after=${after}` : ''}`;
        const page = (await api.as(admin).get(query)).body as {
          entries: { organizationId: string }[];
          next: string | null;
        };
        ids.push(...page.entries.map((entry) => entry.organizationId));
        after = page.next;
        pages += 1;
      } while (after !== null);
      return { ids, pages };
    };
    let read = { ids: [] as string[], pages: 0 };
    await until(
      async () => {
        read = await pageThrough();
        return read.ids.length === ORGANIZATIONS / MUNICIPALITIES;
      },
      'the directories read model to hold the organizations of municipality 0',
      { timeoutMs: 120_000, pollMs: 500 },
    );
    expect(read.pages).toBe(3);
    expect(new Set(read.ids).size).toBe(ORGANIZATIONS / MUNICIPALITIES);
    expect(read.ids).toContain(directoryId('organization', '63', inn(MUNICIPALITIES)));
    const byInn = await api.as(admin).get(`/organizations?q=${inn(7)}`);
    expect(byInn.body).toMatchObject({
      entries: [
        { organizationId: directoryId('organization', '63', inn(7)), name: 'МБОУ "Школа № 8"; корпус 1' },
      ],
      next: null,
    });
    const byWords = await api
      .as(admin)
      .get(
        `/organizations?q=${encodeURIComponent('школа 8')}&municipalityId=${directoryId('municipality', '63', oktmo(7))}`,
      );
    expect((byWords.body as { entries: { name: string }[] }).entries.map((entry) => entry.name)).toContain(
      'МБОУ "Школа № 8"; корпус 1',
    );
  });

  it('keeps the report of a finished import, rejected rows included, for a process started later', async () => {
    const file = `inn;name;kind;municipality_oktmo\n${inn(90_000)};Школа;school;${oktmo(0)}\n12345;Школа;school;${oktmo(0)}\n`;
    const { report } = await importFile('organizations', file);
    expect(report).toMatchObject({ registered: 1, rejected: 1 });

    const later = await startServiceApi('catalog', [ServiceKit.forService(service)]);
    try {
      expect(await later.as(admin).get(`/imports/${report['importId']}`)).toMatchObject({
        status: 200,
        body: {
          status: 'finished',
          registered: 1,
          rejected: 1,
          rejections: [
            {
              line: 3,
              column: 'inn',
              message: 'строка 3, столбец inn: ИНН "12345" должен состоять из 10 цифр',
            },
          ],
        },
      });
    } finally {
      await later.close();
    }
  });
});
