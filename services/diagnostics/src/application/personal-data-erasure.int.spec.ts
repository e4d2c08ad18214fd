import { randomInt, randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import type { Principal } from '@pk/auth';
import { REGION_CODES } from '@pk/contracts';
import { ServiceKit } from '@pk/service-runtime';
import { serverEndpoints, type ServiceApi, startServiceApi } from '@pk/test-kit';
import { Pool } from 'pg';
import type { SealedPersonalData } from '../domain/teacher.decider';
import { snilsCheckNumber } from '@pk/contracts';
import { service } from '../service';
import { registerInDirectory } from '../../test/directory.fixtures';
import { KeyEncryptionKeyDirectory } from './key-encryption-keys';
import { openPersonalData } from './personal-data-cipher';
import { keyBucketOf, kekIdOf, PersonalDataKeys } from './personal-data-keys';
import { teacherIdOf } from './teacher-id';

// Erasure against the database's own files: what someone who copies PostgreSQL's data folder after
// an erasure holds — the key tables' files with their dead row versions, and the WAL — must not
// open the erased teacher's sealed personal data. The files are read through the server
// (pg_read_binary_file, as the superuser the stacks run), so the test sees exactly what lies on
// its disk, whether the server runs here or in a container.
describe('erasure against PostgreSQL’s files (integration)', () => {
  const endpoints = serverEndpoints();
  const pool = new Pool({ connectionString: endpoints.databaseUrl, max: 2 });
  const region = REGION_CODES[randomInt(REGION_CODES.length)]!; // a region of the directory
  const nine = String(randomInt(100_000_000, 999_999_999));
  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region };
  // the KEK store the stack gives the service (deploy/local/stack-lib.mjs)
  const kekDirectory = process.env['PERSONAL_DATA_KEK_DIR']!;
  let api: ServiceApi;

  const school = randomUUID();
  const municipality = randomUUID();

  beforeAll(async () => {
    api = await startServiceApi('diagnostics', [ServiceKit.forService(service)]);
    await registerInDirectory(api.app, region, [[school, municipality]]);
  });
  afterAll(async () => {
    await api?.close();
    await pool.end();
  });

  it('leaves no key in the key tables’ files or the WAL that opens the erased teacher’s seal', async () => {
    const walFrom = await currentWalSegment();
    const teacherId = await register(nine, 'erased@school.ru');

    // what the test knows before the erasure: the seal, and the key that opens it
    const sealed = await sealOf(teacherId);
    const before = await api.app.get(PersonalDataKeys).find(teacherId);
    if (before === undefined || !('key' in before)) throw new Error('the teacher has no key');
    const key = before.key;
    expect(openPersonalData(key, sealed).email).toBe('erased@school.ru');
    const wrappedBefore = await wrappedKeyOf(teacherId);

    expect(await api.as(admin).post(`/teachers/${teacherId}/erasure`)).toMatchObject({ status: 200 });

    // the WAL first: a checkpoint may recycle the segments written meanwhile
    const wal = await walSince(walFrom);
    await pool.query('checkpoint'); // the heap files on disk now hold every row version, dead ones too
    const tables = await keyTableFiles();

    // the files read are the right ones: the teacher's row (its id) is in both
    const idBytes = Buffer.from(teacherId.replace(/-/g, ''), 'hex');
    expect(tables.some(({ bytes }) => bytes.includes(idBytes))).toBe(true);
    expect(wal.some(({ bytes }) => bytes.includes(idBytes))).toBe(true);

    for (const { file, bytes } of [...tables, ...wal]) {
      for (const form of [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('base64'))]) {
        expect({ file, holdsTheKey: bytes.includes(form) }).toEqual({ file, holdsTheKey: false });
      }
    }
    // the copies the database does hold are wrapped, under KEKs the store no longer has: no KEK
    // left in it unwraps the copy the table held before the erasure
    expect(wal.some(({ bytes }) => bytes.includes(wrappedBefore.wrapped_key))).toBe(true);
    expect(await kekIds()).not.toContain(kekIdOf(wrappedBefore.bucket, wrappedBefore.generation));
    expect(await kekIdsUnwrapping(wrappedBefore.wrapped_key, teacherId)).toEqual([]);

    // and not merely absent in these forms: no 32 bytes of a page holding a version of the
    // teacher's row open the seal
    for (const { file, bytes } of tables) {
      expect({ file, opens: windowsOpening(pagesHolding(bytes, idBytes), sealed) }).toEqual({
        file,
        opens: 0,
      });
    }
  });

  it('keeps the erased teacher’s neighbours readable: their keys moved to the bucket’s new KEK', async () => {
    const teacherId = await register(String(randomInt(100_000_000, 999_999_999)), 'first@school.ru');
    const neighbourId = await register(sameBucketAs(teacherId), 'second@school.ru');
    const before = await wrappedKeyOf(neighbourId);
    expect(await api.as(admin).post(`/teachers/${teacherId}/erasure`)).toMatchObject({ status: 200 });
    expect((await api.as(admin).get(`/teachers/${neighbourId}/personal-data`)).body).toMatchObject({
      erased: false,
      email: 'second@school.ru',
    });
    const after = await wrappedKeyOf(neighbourId);
    expect(after.generation).toBe(before.generation + 1);
    // re-wrapping left the old copy in the dead row and the WAL: its KEK is gone with the erased key's
    expect(await kekIdsUnwrapping(before.wrapped_key, neighbourId)).toEqual([]);
    expect(await kekIdsUnwrapping(after.wrapped_key, neighbourId)).toEqual([
      kekIdOf(after.bucket, after.generation),
    ]);
    expect(await api.as(admin).get(`/teachers/${teacherId}/personal-data`)).toMatchObject({
      status: 410,
      body: { code: 'teacher-erased' },
    });
  });

  /** Registers a teacher of the region with this СНИЛС (9 digits and the check number). */
  async function register(nineDigits: string, email: string): Promise<string> {
    // as any client does: a 503 (a store the service is reconnecting to, seen once on two loaded
    // cores) is tried again after its Retry-After; a 500 or a refusal is not
    let registered = await registerOnce(nineDigits, email);
    for (let attempt = 1; registered.status === 503 && attempt < 6; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      registered = await registerOnce(nineDigits, email);
    }
    expect({ status: registered.status, body: registered.body }).toMatchObject({ status: 201 });
    return String(registered.body['teacherId']);
  }

  function registerOnce(nineDigits: string, email: string) {
    return api.as(admin).post('/teachers', {
      region,
      organizationId: school,
      municipalityId: municipality,
      position: 'teacher',
      subjects: ['physics'],
      category: 'none',
      categorySince: null,
      education: 'higher-pedagogical',
      lastTrainingCompletedOn: '2024-06-30',
      personalData: {
        lastName: 'Стираемая',
        firstName: 'Ольга',
        snils: `${nineDigits}${snilsCheckNumber(nineDigits)}`,
        email,
        phone: '+7 846 000-00-00',
      },
    });
  }

  /** Nine digits of a СНИЛС whose teacher (in this region) lands in the same key bucket. */
  function sameBucketAs(teacherId: string): string {
    for (;;) {
      const candidate = String(randomInt(100_000_000, 999_999_999));
      const id = teacherIdOf(region, `${candidate}${snilsCheckNumber(candidate)}`);
      if (id !== teacherId && keyBucketOf(id) === keyBucketOf(teacherId)) return candidate;
    }
  }

  /** The KEKs the store holds now (what someone who copies it after the erasure has). */
  async function kekIds(): Promise<string[]> {
    return (await readdir(kekDirectory))
      .filter((name) => name.endsWith('.key'))
      .map((name) => name.slice(0, -4));
  }

  /** The KEKs of the store that unwrap this copy of a teacher's key. */
  async function kekIdsUnwrapping(wrapped: Buffer, teacherId: string): Promise<string[]> {
    const store = new KeyEncryptionKeyDirectory(kekDirectory);
    const unwrapping: string[] = [];
    for (const kekId of await kekIds()) {
      const opens = await store.unwrap(kekId, [{ bytes: wrapped, context: teacherId }]).then(
        () => true,
        () => false,
      );
      if (opens) unwrapping.push(kekId);
    }
    return unwrapping;
  }

  async function wrappedKeyOf(teacherId: string) {
    const { rows } = await pool.query<{ bucket: number; generation: number; wrapped_key: Buffer }>(
      'select bucket, generation, wrapped_key from diagnostics.teacher_wrapped_keys where teacher_id = $1',
      [teacherId],
    );
    return rows[0]!;
  }

  async function sealOf(teacherId: string): Promise<SealedPersonalData> {
    const { rows } = await pool.query<{ data: SealedPersonalData }>(
      `select data from diagnostics.events
        where stream_id = $1 and type = 'diagnostics.TeacherPersonalDataRecorded'
        order by stream_position desc limit 1`,
      [`teacher-${teacherId}`],
    );
    return rows[0]!.data;
  }

  async function currentWalSegment(): Promise<string> {
    const { rows } = await pool.query<{ name: string }>(
      'select pg_walfile_name(pg_current_wal_lsn()) as name',
    );
    return rows[0]!.name;
  }

  /** Every WAL segment from the one the test began in on, recycled ones (renamed ahead) included. */
  async function walSince(first: string) {
    await pool.query('select pg_switch_wal()'); // the erasure's records are in a finished segment
    const { rows } = await pool.query<{ name: string }>(
      `select name from pg_ls_waldir() where name ~ '^[0-9A-F]{24}$' and name >= $1 order by name`,
      [first],
    );
    return Promise.all(rows.map(({ name }) => readFile(`pg_wal/${name}`)));
  }

  /** The files of the tables that hold teachers' keys (heap, TOAST, indexes), as on disk. */
  async function keyTableFiles() {
    const { rows } = await pool.query<{ path: string }>(
      `select pg_relation_filepath(c.oid) as path
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'diagnostics' and c.relname like 'teacher%key%' and c.relkind in ('r', 'i')
       union
       select pg_relation_filepath(c.reltoastrelid)
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'diagnostics' and c.relname like 'teacher%key%' and c.reltoastrelid <> 0`,
    );
    expect(rows.length).toBeGreaterThan(0);
    return Promise.all(rows.map(({ path }) => readFile(path)));
  }

  async function readFile(file: string): Promise<{ file: string; bytes: Buffer }> {
    const { rows } = await pool.query<{ bytes: Buffer }>('select pg_read_binary_file($1) as bytes', [file]);
    return { file, bytes: rows[0]!.bytes };
  }
});

const PAGE_BYTES = 8192;

/** The pages of a relation's file that hold the bytes (the teacher's id: its row versions). */
function pagesHolding(file: Buffer, bytes: Buffer): Buffer[] {
  const pages: Buffer[] = [];
  for (let from = 0; from < file.length; from += PAGE_BYTES) {
    const page = file.subarray(from, from + PAGE_BYTES);
    if (page.includes(bytes)) pages.push(page);
  }
  return pages;
}

/** How many 32-byte windows of the pages, taken as a teacher's key, open the seal. */
function windowsOpening(pages: readonly Buffer[], sealed: SealedPersonalData): number {
  let opening = 0;
  for (const page of pages) {
    for (let at = 0; at + 32 <= page.length; at++) {
      try {
        openPersonalData(page.subarray(at, at + 32), sealed);
        opening++;
      } catch {
        // not the key: the tag does not verify
      }
    }
  }
  return opening;
}
