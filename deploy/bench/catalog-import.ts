// The catalog's bulk CSV import of one region's directories, measured on a running local stack:
// 60 municipalities, 32 providers, 2 000 educational organizations (Windows-1251, ";", about 1 %
// of rows planted with faults) and 1 000 draft programs (UTF-8, ","), generated here, the same for
// the same region. Imports them in order, polling each import's report every 500 ms, prints the
// figures as a table an issue can quote, the first rejected rows of the organizations' report, then
// imports the organizations and programs again and checks that every valid row came back unchanged.
// Exits 1 on an unexpected HTTP status, an import that does not finish, or a figure that is wrong.
//
// Run (services up: `npm start`):  npm run bench:import [-- --region 47]
// CATALOG_URL overrides http://127.0.0.1:3101; the token is signed with the stack's dev key
// (.local/keys/dev-private.pem, or AUTH_PRIVATE_KEY_FILE / PK_LOCAL_DIR as the stack sets them).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { issueToken } from '@pk/auth';
import {
  COMPETENCY_FRAMEWORK,
  isRegionCode,
  ORGANIZATION_KINDS,
  POSITIONS,
  REGION_CODES,
  SUBJECTS,
} from '@pk/contracts';
import * as iconv from 'iconv-lite';
import { v5 as uuidV5 } from 'uuid';
import { csvOf } from '../demo/load-region';
import { ADDITIONAL_NAMES, COLLEGE_NAMES, KINDERGARTEN_NAMES, SCHOOL_NAMES } from '../demo/region-plan';

const ROOT = path.resolve(__dirname, '../..');
const CATALOG = (process.env['CATALOG_URL'] ?? 'http://127.0.0.1:3101').replace(/\/+$/, '');
const POLL_MS = 500;
/** An import not finished after this long is a failure, not a slow run. */
const IMPORT_TIMEOUT_MS = 15 * 60_000;
/** The catalog's namespace for ids derived from natural keys (services/catalog/src/domain/directory-id.ts). */
const DIRECTORY_ID_NAMESPACE = '8f2d3c1a-6b4e-5a70-9c1d-2e3f4a5b6c7d';

const COUNTS = { municipalities: 60, organizations: 2_000, providers: 32, programs: 1_000 };
/** Every this many organization rows, one is planted with a fault: 1 %. */
const FAULT_EVERY = 100;

type Directory = 'municipalities' | 'organizations' | 'providers' | 'programs';

interface Rejection {
  readonly line: number;
  readonly column: string | null;
  readonly reason: string;
}

interface ImportReport {
  readonly importId: string;
  readonly status: 'running' | 'finished' | 'interrupted';
  readonly encoding: string;
  readonly separator: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly totalRows: number;
  readonly processed: number;
  readonly registered: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly rejections: readonly Rejection[];
}

interface CsvFile {
  readonly directory: Directory;
  readonly bytes: Buffer;
  readonly rows: number;
  readonly description: string;
  /** Lines (as the report counts them) planted with a fault, and the column at fault. */
  readonly faults: ReadonlyMap<number, string>;
}

interface Measured {
  readonly label: string;
  readonly file: CsvFile;
  readonly report: ImportReport;
  readonly wallMs: number;
}

class Failure extends Error {}

// ---------------------------------------------------------------------------------------------
// Deterministic data

/** mulberry32: a small seeded generator, so the same region always gets the same files. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const some = <T>(items: readonly T[], min: number, max: number): T[] => {
    const pool = [...items];
    const taken: T[] = [];
    for (let n = int(min, max); n > 0 && pool.length > 0; n--) {
      taken.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!);
    }
    return taken;
  };
  return { next, int, pick, some };
}

const TOWNS = [
  'Берёзовский',
  'Заречный',
  'Каменский',
  'Красноярский',
  'Луговой',
  'Малиновский',
  'Никольский',
  'Октябрьский',
  'Первомайский',
  'Приволжский',
  'Речной',
  'Северный',
  'Сосновский',
  'Степной',
  'Троицкий',
  'Усольский',
  'Хвойный',
  'Черёмуховский',
  'Шиловский',
  'Южный',
];
/** The kind cell, by code, Russian name or its abbreviation, as a real file mixes them. */
const KIND_CELLS: Record<keyof typeof ORGANIZATION_KINDS, readonly string[]> = {
  school: ['school', 'Общеобразовательная организация', 'общеобразовательная организация'],
  preschool: ['preschool', 'ДОУ', 'Дошкольная образовательная организация'],
  'additional-education': ['additional-education', 'УДОД'],
  'vocational-college': ['vocational-college', 'СПО'],
};
const ORGANIZATION_KIND_WEIGHTS: [keyof typeof ORGANIZATION_KINDS, number][] = [
  ['school', 0.5],
  ['preschool', 0.35],
  ['additional-education', 0.1],
  ['vocational-college', 0.05],
];

interface Municipality {
  readonly oktmo: string;
  readonly name: string;
  readonly short: string;
}

function municipalities(region: string): Municipality[] {
  const random = generator(Number(region) * 7_919 + 1);
  return Array.from({ length: COUNTS.municipalities }, (_, i) => {
    const town = TOWNS[i % TOWNS.length]!;
    const urban = i % 3 === 0;
    const place = i < TOWNS.length ? town : `${town}-${Math.floor(i / TOWNS.length) + 1}`;
    return {
      // an ОКТМО is 8 digits; these start with the region's code, so each region's file has its own
      oktmo: `${region}6${String(i).padStart(2, '0')}${String(random.int(0, 999)).padStart(3, '0')}`,
      name: urban ? `городской округ ${place.replace(/ский$/, 'ск')}` : `муниципальный район ${place}`,
      short: urban ? `г.о. ${place.replace(/ский$/, 'ск')}` : `м.р. ${place}`,
    };
  });
}

function municipalityFile(list: readonly Municipality[]): CsvFile {
  const rows = list.map((m, i) => [
    m.oktmo,
    m.name,
    i % 2 === 0 ? (m.name.startsWith('городской') ? 'urban-district' : 'municipal-district') : kindName(m),
  ]);
  const bytes = Buffer.from(csvOf(['oktmo', 'name', 'kind'], rows, ';'), 'utf8');
  return {
    directory: 'municipalities',
    bytes,
    rows: rows.length,
    description: 'UTF-8, ";"',
    faults: new Map(),
  };
}

function kindName(m: Municipality): string {
  return m.name.startsWith('городской') ? 'Городской округ' : 'Муниципальный район (округ)';
}

/** A 10-digit ИНН: the region's two digits, a directory digit, a serial number. */
const inn = (region: string, directory: number, serial: number) =>
  `${region}${directory}${String(serial).padStart(7, '0')}`;

function organizationFile(region: string, list: readonly Municipality[]): CsvFile {
  const random = generator(Number(region) * 104_729 + 2);
  const header = ['inn', 'name', 'kind', 'municipality_oktmo'];
  const rows: string[][] = [];
  const faults = new Map<number, string>();
  const counters = new Map<string, number>();
  for (let i = 0; i < COUNTS.organizations; i++) {
    const municipality = list[i % list.length]!;
    const roll = random.next();
    let acc = 0;
    const kind = ORGANIZATION_KIND_WEIGHTS.find(([, weight]) => (acc += weight) > roll)?.[0] ?? 'school';
    const serialKey = `${municipality.oktmo}/${kind}`;
    const n = (counters.get(serialKey) ?? 0) + 1;
    counters.set(serialKey, n);
    const name = organizationName(kind, n, municipality, random);
    const row = [inn(region, 5, 1_000 + i), name, random.pick(KIND_CELLS[kind]), municipality.oktmo];
    // one row in a hundred carries one of five faults, in turn
    if (i % FAULT_EVERY === FAULT_EVERY / 2) {
      const fault = Math.floor(i / FAULT_EVERY) % 5;
      if (fault === 0) {
        row[0] = row[0]!.slice(0, 9); // a digit lost: 9 digits
        faults.set(i + 2, 'inn');
      } else if (fault === 1) {
        row[2] = 'Школа-интернат'; // not a kind of the vocabulary
        faults.set(i + 2, 'kind');
      } else if (fault === 2) {
        row[3] = `${region}699000`; // a well-formed ОКТМО of no municipality in the file
        faults.set(i + 2, 'municipality_oktmo');
      } else if (fault === 3) {
        row[1] = `${name}, ${'филиал с расширенным наименованием '.repeat(15)}`.trim(); // over 500 characters
        faults.set(i + 2, 'name');
      } else {
        row[0] = rows[i - 25]![0]!; // the ИНН of a row above
        faults.set(i + 2, 'inn');
      }
    }
    rows.push(row);
  }
  const bytes = iconv.encode(csvOf(header, rows, ';'), 'win1251');
  return {
    directory: 'organizations',
    bytes,
    rows: rows.length,
    description: `Windows-1251, ";", ${faults.size} rows planted with faults`,
    faults,
  };
}

function organizationName(
  kind: keyof typeof ORGANIZATION_KINDS,
  n: number,
  municipality: Municipality,
  random: ReturnType<typeof generator>,
): string {
  switch (kind) {
    case 'school':
      return `МБОУ «${random.pick(SCHOOL_NAMES)} № ${n}» ${municipality.short}`;
    case 'preschool':
      // quotes inside quotes, as registries write them: the cell gets quoted and its quotes doubled
      return `МБДОУ "Детский сад № ${n} «${random.pick(KINDERGARTEN_NAMES)}»" ${municipality.short}`;
    case 'additional-education':
      return `МБУ ДО «${random.pick(ADDITIONAL_NAMES)}»${n > 1 ? ` № ${n}` : ''}; ${municipality.short}`;
    case 'vocational-college':
      return `ГБПОУ «${random.pick(COLLEGE_NAMES)}${n > 1 ? ` № ${n}` : ''}», ${municipality.short}`;
  }
}

interface Provider {
  readonly inn: string;
}

const PROVIDER_TEMPLATES: readonly { name: string; kind: string; ownership: readonly string[] }[] = [
  {
    name: 'ГАУ ДПО «Институт развития образования»',
    kind: 'dpo-institute',
    ownership: ['state', 'государственная'],
  },
  {
    name: 'ФГБОУ ВО «Педагогический университет»',
    kind: 'university',
    ownership: ['state', 'Государственная'],
  },
  { name: 'МБУ «Ресурсный центр»', kind: 'resource-centre', ownership: ['municipal', 'муниципальная'] },
  { name: 'ГБПОУ «Колледж»', kind: 'college', ownership: ['state', 'государственная'] },
  { name: 'Образовательный фонд «Талант и успех»', kind: 'other', ownership: ['federal-named'] },
  { name: 'МАУ «Методический центр»', kind: 'Ресурсный центр', ownership: ['municipal', 'Муниципальная'] },
  { name: 'ГАУ ДПО «Центр непрерывного повышения мастерства»', kind: 'ДПО', ownership: ['state'] },
  { name: 'ФГАОУ ВО «Федеральный университет»', kind: 'ВО', ownership: ['государственная'] },
];

function providerFile(region: string): { file: CsvFile; providers: Provider[] } {
  const random = generator(Number(region) * 31 + 3);
  const providers: Provider[] = [];
  const rows = Array.from({ length: COUNTS.providers }, (_, i) => {
    const template = PROVIDER_TEMPLATES[i % PROVIDER_TEMPLATES.length]!;
    const providerInn = inn(region, 1, 100 + i);
    providers.push({ inn: providerInn });
    const suffix =
      i < PROVIDER_TEMPLATES.length ? '' : ` (филиал ${Math.floor(i / PROVIDER_TEMPLATES.length)})`;
    return [providerInn, `${template.name}${suffix}`, template.kind, random.pick(template.ownership)];
  });
  const bytes = Buffer.from(csvOf(['inn', 'name', 'kind', 'ownership'], rows, ';'), 'utf8');
  return {
    file: { directory: 'providers', bytes, rows: rows.length, description: 'UTF-8, ";"', faults: new Map() },
    providers,
  };
}

const TOPICS = [
  'Формирование функциональной грамотности обучающихся',
  'Цифровая образовательная среда: инструменты учителя',
  'Инклюзивное образование детей с ОВЗ',
  'Наставничество в образовательной организации',
  'Оценка образовательных результатов, ВПР и ОГЭ',
  'Работа с одарёнными детьми',
  'Воспитательная работа классного руководителя',
  'Преподавание физики по обновлённым ФГОС',
  'Методика обучения математике в основной школе',
  'Современный урок русского языка и литературы',
  'Дошкольное образование: ФОП ДО на практике',
  'Профессиональное обучение по профилю работы',
];
const FORMAT_CELLS = [
  'in-person',
  'blended',
  'distance',
  'internship',
  'Очная',
  'Смешанная',
  'Дистанционная',
];
const POSITION_CODES = Object.keys(POSITIONS) as (keyof typeof POSITIONS)[];
const SUBJECT_CODES = Object.keys(SUBJECTS) as (keyof typeof SUBJECTS)[];
const COMPETENCY_CODES = Object.keys(COMPETENCY_FRAMEWORK.competencies);
const ORGANIZATION_KIND_CODES = Object.keys(ORGANIZATION_KINDS) as (keyof typeof ORGANIZATION_KINDS)[];

function programFile(region: string, providers: readonly Provider[]): CsvFile {
  const random = generator(Number(region) * 65_537 + 4);
  const header = [
    'provider_inn',
    'code',
    'title',
    'kind',
    'hours',
    'format',
    'practice_share',
    'annotation',
    'target_positions',
    'organization_types',
    'subjects',
    'work_profile',
    'competencies',
    'voucher_eligible',
    'employer_assessment',
  ];
  const rows = Array.from({ length: COUNTS.programs }, (_, i) => {
    const provider = providers[i % providers.length]!;
    const retraining = random.next() < 0.15;
    const topic = random.pick(TOPICS);
    // codes and Russian names mixed, as a provider's spreadsheet would have them
    const positions = random
      .some(POSITION_CODES, 1, 3)
      .map((code) => (random.next() < 0.3 ? POSITIONS[code] : code));
    const subjects = random
      .some(SUBJECT_CODES, 1, 3)
      .map((code) => (random.next() < 0.3 ? SUBJECTS[code] : code));
    const vocational = topic.startsWith('Профессиональное');
    return [
      provider.inn,
      `ДПП-${String(i + 1).padStart(4, '0')}`,
      `${topic}${random.next() < 0.3 ? ', модуль 2' : ''}`,
      retraining
        ? random.pick(['retraining', 'Профессиональная переподготовка'])
        : random.pick(['advanced-training', 'Повышение квалификации']),
      retraining ? random.int(250, 1_000) : random.pick([16, 18, 24, 36, 48, 72, 108, 144]),
      random.pick(FORMAT_CELLS),
      random.int(0, 100),
      random.next() < 0.7
        ? `Программа для педагогов: «${topic.toLowerCase()}». Итоговая аттестация — "зачёт".`
        : '',
      positions.join('|'),
      random.some(ORGANIZATION_KIND_CODES, 1, 2).join('|'),
      subjects.join('|'),
      vocational ? 'Слесарное дело, металлообработка' : '',
      random.some(COMPETENCY_CODES, 1, 3).join('|'),
      random.pick(['да', 'нет', 'да']),
      random.pick(['нет', 'да', '']),
    ];
  });
  const bytes = Buffer.from(csvOf(header, rows, ','), 'utf8');
  return { directory: 'programs', bytes, rows: rows.length, description: 'UTF-8, ","', faults: new Map() };
}

// ---------------------------------------------------------------------------------------------
// HTTP

let bearer = '';

async function call(method: 'GET' | 'POST', url: string, expected: number, body?: Buffer): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'text/csv' }),
      },
      body,
    });
  } catch (error) {
    throw new Failure(`${method} ${url}: ${(error as Error).message} (is the catalog running? npm start)`);
  }
  if (response.status !== expected) {
    const text = await response.text().catch(() => '');
    throw new Failure(
      `${method} ${url}: HTTP ${response.status}, expected ${expected}: ${text.slice(0, 500)}`,
    );
  }
  return response;
}

/** Whether this script's data is in the region already: its first program, drafted last, is found. */
async function regionUsed(region: string): Promise<boolean> {
  const programId = uuidV5(`${region}/program/${inn(region, 1, 100)}/ДПП-0001`, DIRECTORY_ID_NAMESPACE);
  const previous = bearer;
  bearer = await tokenFor(region);
  try {
    const response = await fetch(`${CATALOG}/programs/${programId}`, {
      headers: { authorization: `Bearer ${bearer}` },
    }).catch((error: Error) => {
      throw new Failure(`GET ${CATALOG}/programs/…: ${error.message} (is the catalog running? npm start)`);
    });
    if (response.status === 404) return false;
    if (response.status === 200) return true;
    throw new Failure(`GET ${CATALOG}/programs/${programId}: HTTP ${response.status}, expected 200 or 404`);
  } finally {
    bearer = previous;
  }
}

function tokenFor(region: string): Promise<string> {
  const localDir = path.resolve(process.env['PK_LOCAL_DIR'] || path.join(ROOT, '.local'));
  const keyFile = process.env['AUTH_PRIVATE_KEY_FILE'] ?? path.join(localDir, 'keys', 'dev-private.pem');
  return issueToken(
    readFileSync(keyFile, 'utf8'),
    { subject: 'bench-catalog-import', role: 'ministry-admin', region },
    { ttl: '2h' },
  );
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const perSecond = (rows: number, ms: number) => (ms > 0 ? Math.round((rows * 1000) / ms) : 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts a file and polls its report until it has finished, printing progress on each poll. */
async function runImport(label: string, region: string, file: CsvFile): Promise<Measured> {
  const started = performance.now();
  const response = await call(
    'POST',
    `${CATALOG}/imports/${file.directory}?region=${region}`,
    202,
    file.bytes,
  );
  const location = response.headers.get('location');
  const answer = (await response.json()) as { importId?: string; totalRows?: number };
  if (location === null || !location.endsWith(`/imports/${answer.importId}`)) {
    throw new Failure(
      `POST /imports/${file.directory}: Location "${location}" does not name import ${answer.importId}`,
    );
  }
  if (answer.totalRows !== file.rows) {
    throw new Failure(
      `POST /imports/${file.directory}: totalRows ${answer.totalRows}, the file has ${file.rows}`,
    );
  }
  const url = new URL(location, `${CATALOG}/`).toString();
  for (;;) {
    await sleep(POLL_MS);
    const report = (await (await call('GET', url, 200)).json()) as ImportReport;
    const elapsed = performance.now() - started;
    console.log(
      `  ${label.padEnd(26)} ${report.status.padEnd(8)} ${String(report.processed).padStart(5)}/${report.totalRows}` +
        `  ${seconds(elapsed).padStart(6)} s  ${String(perSecond(report.processed, elapsed)).padStart(5)} rows/s`,
    );
    if (report.status === 'finished') return { label, file, report, wallMs: elapsed };
    if (report.status === 'interrupted')
      throw new Failure(`import ${report.importId} (${label}) was interrupted`);
    if (elapsed > IMPORT_TIMEOUT_MS)
      throw new Failure(`import ${report.importId} (${label}) still running after ${seconds(elapsed)} s`);
  }
}

function serviceMs(report: ImportReport): number {
  return report.finishedAt === null ? NaN : Date.parse(report.finishedAt) - Date.parse(report.startedAt);
}

function table(results: readonly Measured[]): string {
  const header = [
    'import',
    'rows',
    'registered',
    'updated',
    'unchanged',
    'rejected',
    'wall, s',
    'rows/s',
    'service, s',
    'rows/s (service)',
  ];
  const lines = results.map(({ label, report, wallMs }) => {
    const service = serviceMs(report);
    return [
      label,
      String(report.totalRows),
      String(report.registered),
      String(report.updated),
      String(report.unchanged),
      String(report.rejected),
      seconds(wallMs),
      String(perSecond(report.totalRows, wallMs)),
      seconds(service),
      String(perSecond(report.totalRows, service)),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
  const row = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [row(header), rule, ...lines.map(row)].join('\n');
}

// ---------------------------------------------------------------------------------------------

function parseOptions(): { region: string | undefined } {
  const { values } = parseArgs({ options: { region: { type: 'string' } }, allowPositionals: false });
  if (values.region !== undefined && !isRegionCode(values.region)) {
    throw new Failure(`--region must be the two-digit code of a region such as 63; got ${values.region}`);
  }
  return { region: values.region };
}

async function pickRegion(given: string | undefined): Promise<{ region: string; fresh: boolean }> {
  if (given !== undefined) return { region: given, fresh: !(await regionUsed(given)) };
  const tried = new Set<string>();
  while (tried.size < REGION_CODES.length) {
    const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
    if (tried.has(region)) continue;
    tried.add(region);
    if (!(await regionUsed(region))) return { region, fresh: true };
  }
  throw new Failure('every region 10–99 has this benchmark’s data already; pass --region to reuse one');
}

async function main(): Promise<void> {
  const options = parseOptions();
  const { region, fresh } = await pickRegion(options.region);
  bearer = await tokenFor(region);

  const towns = municipalities(region);
  const { file: providersCsv, providers } = providerFile(region);
  const files = {
    municipalities: municipalityFile(towns),
    providers: providersCsv,
    organizations: organizationFile(region, towns),
    programs: programFile(region, providers),
  };

  console.log(
    `catalog bulk CSV import — ${CATALOG}, region ${region}${fresh ? ' (no earlier data of this benchmark)' : ' (has this benchmark’s data already: expect unchanged rows)'}`,
  );
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString()}`,
  );
  for (const file of Object.values(files)) {
    console.log(
      `  ${file.directory.padEnd(15)} ${String(file.rows).padStart(5)} rows, ${(file.bytes.length / 1024).toFixed(1).padStart(6)} KiB, ${file.description}`,
    );
  }

  console.log('\nfirst import');
  const first: Measured[] = [];
  for (const directory of ['municipalities', 'providers', 'organizations', 'programs'] as const) {
    first.push(await runImport(directory, region, files[directory]));
  }
  console.log('\nsecond import of the same files');
  const again: Measured[] = [];
  for (const directory of ['organizations', 'programs'] as const) {
    again.push(await runImport(`${directory} (again)`, region, files[directory]));
  }

  console.log(
    '\nresults (wall: POST sent to "finished" seen, polled every 500 ms; service: the report\'s startedAt → finishedAt)\n',
  );
  console.log(table([...first, ...again]));

  const organizations = first.find(({ file }) => file.directory === 'organizations')!.report;
  console.log(
    `\norganizations: the first 10 of ${organizations.rejections.length} rejections (${organizations.rejected} rows)`,
  );
  for (const { line, column, reason } of organizations.rejections.slice(0, 10)) {
    console.log(
      `  line ${String(line).padStart(4)}  ${(column ?? '—').padEnd(18)}  ${reason.length > 160 ? `${reason.slice(0, 157)}…` : reason}`,
    );
  }

  const problems = [...first, ...again].flatMap((measured) =>
    check(measured, fresh, measured.label.endsWith('(again)')),
  );
  console.log('\nchecks');
  if (problems.length === 0) {
    console.log(
      `  every planted fault rejected at its line and column, and nothing else; all other rows ${fresh ? 'registered' : 'imported'}`,
    );
    console.log(
      '  second import: every valid row came back unchanged (nothing registered or updated), the same rows rejected',
    );
    return;
  }
  for (const problem of problems) console.log(`  FAILED: ${problem}`);
  process.exitCode = 1;
}

/** What is wrong with an import's figures: the planted faults and only they rejected, the rest imported. */
function check({ label, file, report }: Measured, fresh: boolean, repeated: boolean): string[] {
  const problems: string[] = [];
  const valid = file.rows - file.faults.size;
  const rejectedLines = new Map<number, Set<string>>();
  for (const { line, column } of report.rejections) {
    rejectedLines.set(line, (rejectedLines.get(line) ?? new Set()).add(column ?? '—'));
  }
  for (const [line, column] of file.faults) {
    const columns = rejectedLines.get(line);
    if (columns === undefined)
      problems.push(`${label}: planted fault at line ${line} (${column}) not rejected`);
    else if (!columns.has(column))
      problems.push(
        `${label}: line ${line} rejected for ${[...columns].join(', ')}, the fault is in ${column}`,
      );
  }
  for (const [line, columns] of rejectedLines) {
    if (!file.faults.has(line))
      problems.push(`${label}: line ${line} rejected (${[...columns].join(', ')}) but has no planted fault`);
  }
  if (report.rejected !== file.faults.size)
    problems.push(`${label}: ${report.rejected} rows rejected, ${file.faults.size} planted`);
  if (report.processed !== report.totalRows)
    problems.push(`${label}: processed ${report.processed} of ${report.totalRows}`);
  if (repeated) {
    if (report.unchanged !== valid || report.registered !== 0 || report.updated !== 0) {
      problems.push(
        `${label}: ${report.unchanged} unchanged, ${report.registered} registered, ${report.updated} updated; expected all ${valid} valid rows unchanged`,
      );
    }
  } else if (fresh && (report.registered !== valid || report.updated !== 0 || report.unchanged !== 0)) {
    problems.push(
      `${label}: ${report.registered} registered, ${report.updated} updated, ${report.unchanged} unchanged; expected all ${valid} valid rows registered in a fresh region`,
    );
  } else if (report.registered + report.updated + report.unchanged !== valid) {
    problems.push(
      `${label}: ${report.registered + report.updated + report.unchanged} rows imported, expected ${valid}`,
    );
  }
  return problems;
}

main().catch((error: unknown) => {
  console.error(
    `\ncatalog-import: ${error instanceof Failure ? error.message : ((error as Error).stack ?? String(error))}`,
  );
  process.exitCode = 1;
});
