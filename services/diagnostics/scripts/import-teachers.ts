// The size a region's teacher import must take: 45 651 teachers (a region's year, see
// docs/read-models.md) in one file with planted errors, through the real service module on the
// local stack's PostgreSQL, Kafka and FerretDB. Prints progress, the import's time, a re-run's
// time, and how long the overdue-training report takes over the region and one municipality.
//
//   npm run stack:up    # servers; stop a running diagnostics service first (it shares the groups)
//   npm run bench:teachers [-- rows]
//
// Every run takes a fresh random region code and СНИЛС range, so earlier runs never change its counts.
import { generateKeyPairSync, randomInt, randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule, issueToken } from '@pk/auth';
import { REGION_CODES } from '@pk/contracts';
import { configureHttp, HealthModule, ServiceKit } from '@pk/service-runtime';
import { snilsCheckNumber } from '@pk/contracts';
import { service } from '../src/service';
import { registerInDirectory } from '../test/directory.fixtures';

process.env['DATABASE_URL'] ??= 'postgres://pk:pk@127.0.0.1:15432/pk';
process.env['KAFKA_BROKERS'] ??= '127.0.0.1:19092';
process.env['MONGODB_URL'] ??= 'mongodb://127.0.0.1:17017/pk';
// the teacher id key the local stack generates (`npm run stack:up`); an explicit TEACHER_ID_KEY stays
if (!process.env['TEACHER_ID_KEY']) process.env['TEACHER_ID_KEY_FILE'] ??= '.local/keys/teacher-ids.key';
// and the folder of its key-encryption keys, which wrap the teachers' personal-data keys
process.env['PERSONAL_DATA_KEK_DIR'] ??= '.local/keys/personal-data-keks';

const ROWS = Number(process.argv[2] ?? 45_651);
const MUNICIPALITIES = 40;
const SCHOOLS = 1_200;
/** One row in this many carries a planted error. */
const PLANTED_EVERY = 1_000;

async function main() {
  const region = REGION_CODES[randomInt(REGION_CODES.length)]!; // a region of the directory
  const run = randomInt(100, 999);
  const municipalities = Array.from({ length: MUNICIPALITIES }, () => randomUUID());
  const schools = Array.from({ length: SCHOOLS }, () => randomUUID());
  const nine = (index: number) => `${run}${String(index).padStart(6, '0')}`;
  const header =
    'snils;last_name;first_name;patronymic;organization_id;municipality_id;position;subjects;category;category_since;education;last_training_on;email;phone';
  const lines = [header];
  let planted = 0;
  // Planted faults, one in PLANTED_EVERY rows, of every kind a region's file really has
  const faults = [
    'a СНИЛС failing its check number',
    'an unknown position',
    'a date that is no date',
    'no last name',
    'the СНИЛС of an earlier row',
    'a category without its date',
  ] as const;
  for (let index = 0; index < ROWS; index++) {
    const school = index % SCHOOLS;
    const fault = index % PLANTED_EVERY === 500 ? faults[planted++ % faults.length] : undefined;
    const check = snilsCheckNumber(nine(index));
    const snilsCell =
      fault === 'a СНИЛС failing its check number'
        ? `${nine(index)}${check === '00' ? '01' : '00'}`
        : fault === 'the СНИЛС of an earlier row'
          ? `${nine(index - 1)}${snilsCheckNumber(nine(index - 1))}`
          : `${nine(index)}${check}`;
    const firstCategory = index % 4 === 0 || fault === 'a category without its date';
    lines.push(
      [
        snilsCell,
        fault === 'no last name' ? '' : `Фамилия${index}`,
        'Ольга',
        'Викторовна',
        schools[school],
        municipalities[school % MUNICIPALITIES],
        fault === 'an unknown position' ? 'Завхоз' : index % 2 ? 'Учитель' : 'teacher',
        index % 2 ? 'Физика' : 'mathematics|informatics',
        firstCategory ? 'Первая' : 'none',
        firstCategory && fault !== 'a category without its date' ? '15.04.2022' : '',
        'Высшее педагогическое',
        fault === 'a date that is no date'
          ? '31.02.2022'
          : index % 7 === 0
            ? ''
            : index % 3 === 0
              ? '30.06.2022'
              : '2024-06-30',
        `t${index}@school.ru`,
        '+7 846 123-45-67',
      ].join(';'),
    );
  }
  const file = lines.join('\r\n');
  console.log(
    `region ${region}: ${ROWS} rows, ${planted} with a planted error, ${(Buffer.byteLength(file) / 1e6).toFixed(1)} MB`,
  );

  // the service's modules in this process, with a signing key of the script's own
  const keys = generateKeyPairSync('ed25519');
  @Module({
    imports: [
      HealthModule.forService('diagnostics'),
      AuthModule.forRoot({ publicKey: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() }),
      ServiceKit.forService(service),
    ],
  })
  class TeachersOnly {}
  const app = await NestFactory.create(TeachersOnly, { logger: ['error', 'warn'], bodyParser: false });
  configureHttp(app, 'diagnostics');
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  // the schools and municipalities in the catalog's directory, as its topic would carry them
  await registerInDirectory(
    app,
    region,
    schools.map((school, index) => [school, municipalities[index % MUNICIPALITIES]!] as const),
    process.env['KAFKA_BROKERS']!.split(','),
  );
  const token = await issueToken(
    keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    { subject: 'import-script', role: 'ministry-admin', region },
    { ttl: '1h' },
  );
  const call = async (method: string, path: string, body?: string) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'text/csv' } : {}) },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const admin = {
    get: (path: string) => call('GET', path),
    post: (path: string, body: string) => call('POST', path, body),
  };
  try {
    // a region code may have served an earlier run: count what is there before, wait for the sum after
    const baseline = Number(
      (await admin.get(`/statistics/overdue-training?region=${region}&on=2026-09-01`)).body['teachers'] ?? 0,
    );
    if (baseline > 0) console.log(`region ${region} holds ${baseline} teachers of an earlier run`);
    const importOnce = async (label: string) => {
      const startedAt = performance.now();
      const started = await admin.post(`/imports/teachers?region=${region}`, file);
      if (started.status !== 202) throw new Error(`import refused: ${JSON.stringify(started.body)}`);
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        const report = (await admin.get(`/imports/${started.body['importId']}`)).body;
        const seconds = (performance.now() - startedAt) / 1000;
        console.log(
          `${label}: ${report['processed']}/${report['totalRows']} after ${seconds.toFixed(0)} s ` +
            `(registered ${report['registered']}, updated ${report['updated']}, unchanged ${report['unchanged']}, rejected ${report['rejected']})`,
        );
        if (report['status'] !== 'running') {
          const rejections = report['rejections'] as { message: string }[];
          console.log(
            `${label}: ${report['status']} in ${seconds.toFixed(1)} s, ${Math.round(ROWS / seconds)} rows/s; ` +
              `${rejections.length} rejections, the first ten:\n` +
              rejections
                .slice(0, 10)
                .map((rejection) => `  ${rejection.message}`)
                .join('\n'),
          );
          return report;
        }
      }
    };
    const first = await importOnce('import');
    await importOnce('same file again');

    const registered = Number(first['registered']);
    const waitedFrom = performance.now();
    for (;;) {
      const region_ = (await admin.get(`/statistics/overdue-training?region=${region}&on=2026-09-01`)).body;
      if (Number(region_['teachers']) >= baseline + registered) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    console.log(
      `roster caught up ${((performance.now() - waitedFrom) / 1000).toFixed(1)} s after the import ended`,
    );
    for (const [label, filter] of [
      ['the region', ''],
      ['one municipality', `&municipalityId=${municipalities[0]}`],
      ['one school', `&organizationId=${schools[0]}`],
    ] as const) {
      const times: number[] = [];
      let answer: Record<string, unknown> = {};
      for (let i = 0; i < 5; i++) {
        const startedAt = performance.now();
        answer = (await admin.get(`/statistics/overdue-training?region=${region}${filter}&on=2026-09-01`))
          .body;
        times.push(performance.now() - startedAt);
      }
      times.sort((a, b) => a - b);
      console.log(
        `overdue report, ${label}: ${answer['teachers']} teachers, ${answer['overdue']} overdue; median of 5 ${times[2]!.toFixed(0)} ms`,
      );
    }
  } finally {
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
