import { randomInt, randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { serverEndpoints } from '@pk/test-kit';
import { Pool } from 'pg';
import { KeyEncryptionKeyDirectory } from './key-encryption-keys';
import { kekIdOf, keyBucketOf, PostgresPersonalDataKeys, type TeacherKey } from './personal-data-keys';

// The wrapped keys on PostgreSQL under erasures that race each other and the making and reading of
// keys in the same bucket, on two replicas: nothing is lost, nothing erased stays, and the store
// keeps only the bucket's current KEK.
describe('personal-data keys wrapped under rotating KEKs (integration)', () => {
  const endpoints = serverEndpoints();
  const kekDirectory = process.env['PERSONAL_DATA_KEK_DIR']!;
  // each replica on a pool of its own, as each service process has its context's pool
  const pools: Pool[] = [];
  const replica = (keks: KeyEncryptionKeyDirectory) => {
    const pool = new Pool({ connectionString: endpoints.databaseUrl, max: 4 });
    pools.push(pool);
    return new PostgresPersonalDataKeys(pool, keks);
  };
  // replica two unwraps a moment after it read the wrapped keys: an erasure of replica one commits
  // and destroys the KEK in between, as a busy machine would let it
  class SlowToUnwrap extends KeyEncryptionKeyDirectory {
    override async unwrap(...args: Parameters<KeyEncryptionKeyDirectory['unwrap']>) {
      await new Promise((resolve) => setTimeout(resolve, randomInt(0, 40)));
      return super.unwrap(...args);
    }
  }
  const [one, two] = [
    replica(new KeyEncryptionKeyDirectory(kekDirectory)),
    replica(new SlowToUnwrap(kekDirectory)),
  ];
  const pool = new Pool({ connectionString: endpoints.databaseUrl, max: 1 });

  beforeAll(async () => {
    await Promise.all([one.onModuleInit(), two.onModuleInit()]);
  });
  afterAll(async () => {
    await Promise.all([...pools, pool].map((p) => p.end()));
  });

  // teacher ids of one bucket: its first byte
  const bucket = randomInt(0, 256);
  const inBucket = (count: number) =>
    Array.from({ length: count }, () => `${bucket.toString(16).padStart(2, '0')}${randomUUID().slice(2)}`);
  const bytesOf = (key: TeacherKey | undefined) =>
    key !== undefined && 'key' in key ? key.key.toString('hex') : key;

  it('erases ten teachers of a bucket while others of it are made and read, on two replicas', async () => {
    const kept = inBucket(100);
    const erased = inBucket(10);
    const made = inBucket(60);
    expect(new Set([...kept, ...erased, ...made].map(keyBucketOf))).toEqual(new Set([bucket]));
    const before = await one.keysFor([...kept, ...erased]);

    // while the erasures run, both replicas keep reading the kept teachers' keys
    let erasing = true;
    const readsMeanwhile: (string | TeacherKey | undefined)[][] = [];
    const keepReading = async (keys: PostgresPersonalDataKeys) => {
      while (erasing)
        readsMeanwhile.push(await Promise.all(kept.map(async (id) => bytesOf(await keys.find(id)))));
    };
    const readers = [keepReading(one), keepReading(two)];
    let madeMeanwhile: Map<string, TeacherKey>;
    try {
      [madeMeanwhile] = await Promise.all([
        two.keysFor(made),
        ...erased.map((teacherId) => one.destroy(teacherId)),
      ]);
    } finally {
      erasing = false;
      await Promise.all(readers);
    }

    // every key read during the erasures was the key the teacher had
    const expected = kept.map((teacherId) => bytesOf(before.get(teacherId)));
    expect(readsMeanwhile.length).toBeGreaterThan(1);
    for (const reads of readsMeanwhile) expect(reads).toEqual(expected);
    // and afterwards, on either replica: the kept and the made ones the same, the erased destroyed
    for (const keys of [one, two]) {
      const now = await keys.keysFor([...kept, ...made]);
      expect(kept.map((teacherId) => bytesOf(now.get(teacherId)))).toEqual(
        kept.map((teacherId) => bytesOf(before.get(teacherId))),
      );
      expect(made.map((teacherId) => bytesOf(now.get(teacherId)))).toEqual(
        made.map((teacherId) => bytesOf(madeMeanwhile.get(teacherId))),
      );
      for (const teacherId of erased) expect(await keys.find(teacherId)).toEqual({ destroyed: true });
    }
    // an erased teacher gets no key again, and a destroyed key stays destroyed
    expect(await two.keyFor(erased[0]!)).toEqual({ destroyed: true });
    await one.destroy(erased[0]!);

    // the store keeps the bucket's current KEK only: every one that wrapped an erased key is gone
    const { rows } = await pool.query<{ generation: number }>(
      'select generation from diagnostics.teacher_key_buckets where bucket = $1',
      [bucket],
    );
    const generation = rows[0]!.generation;
    const ofBucket = (await readdir(kekDirectory)).filter((name) =>
      name.startsWith(`personal-data-${bucket}-`),
    );
    expect(ofBucket).toEqual([`${kekIdOf(bucket, generation)}.key`]);
  });

  it('destroys a key never made: the teacher gets none afterwards', async () => {
    const [teacherId] = inBucket(1);
    await one.destroy(teacherId!);
    expect(await two.find(teacherId!)).toEqual({ destroyed: true });
    expect(await two.keysFor([teacherId!])).toEqual(new Map([[teacherId, { destroyed: true }]]));
  });
});
