import { serverEndpoints, uniqueName } from '@pk/test-kit';
import mongoose from 'mongoose';
import { DocumentWriter } from './document-writer';
import type { DocumentChange } from './projection';

// The writer against a real MongoDB-wire server (FerretDB here): it never reads back, so what it
// remembers must never make it overwrite a later change or lose one.
describe('document writer (integration)', () => {
  const { mongodbUrl } = serverEndpoints();
  const connection = mongoose.createConnection(
    mongodbUrl.replace(/\/pk$/, `/${uniqueName('w').replace(/-/g, '_')}`),
  );
  const collection = () => connection.collection('providers');
  const writer = (remember?: number) => new DocumentWriter(() => collection(), remember);
  const change = (id: string, position: number, set: Record<string, unknown>): DocumentChange => ({
    collection: 'providers',
    id,
    position,
    set,
  });
  const read = async (id: string) =>
    (await collection().findOne({ _id: id as never }, { projection: { _id: 0 } })) as Record<
      string,
      unknown
    > | null;

  beforeAll(async () => {
    await connection.asPromise();
  });
  beforeEach(async () => {
    await collection()
      .drop()
      .catch(() => undefined);
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('folds a document’s changes in position order whatever order they came in', async () => {
    await writer().write([
      change('a', 2, { name: 'Второе' }),
      change('a', 1, { name: 'Первое', region: '63' }),
      change('b', 1, { name: 'Другой' }),
    ]);
    expect(await read('a')).toEqual({ name: 'Второе', region: '63', _position: 2 });
    expect(await read('b')).toEqual({ name: 'Другой', _position: 1 });
  });

  it('drops a redelivered or earlier change, in the same batch and in a later one', async () => {
    const one = writer();
    await one.write([change('a', 3, { name: 'Третье' })]);
    await one.write([change('a', 2, { name: 'Второе' }), change('a', 3, { name: 'Снова третье' })]);
    expect(await read('a')).toEqual({ name: 'Третье', _position: 3 });
  });

  it('never overwrites what another writer (a replica after a rebalance) wrote later', async () => {
    const mine = writer();
    const theirs = writer();
    await mine.write([change('a', 1, { name: 'Первое' })]);
    await theirs.write([change('a', 1, { name: 'Первое' }), change('a', 5, { name: 'Пятое' })]);
    // it remembers position 1 and believes the document is its own: the guard still refuses
    await mine.write([change('a', 4, { name: 'Четвёртое' })]);
    expect(await read('a')).toEqual({ name: 'Пятое', _position: 5 });
    // a document it never saw exists already: the insert meets the duplicate, the update its guard
    await theirs.write([change('c', 7, { name: 'Их' })]);
    await mine.write([change('c', 6, { name: 'Моё старое' })]);
    expect(await read('c')).toEqual({ name: 'Их', _position: 7 });
    await mine.write([change('c', 8, { name: 'Моё новое' })]);
    expect(await read('c')).toEqual({ name: 'Моё новое', _position: 8 });
  });

  it('loses no update behind one whose guard refuses it, in the same batch', async () => {
    const mine = writer();
    const theirs = writer();
    await mine.write(['a', 'b', 'c'].map((id) => change(id, 1, { name: `${id}1` })));
    await theirs.write([change('a', 5, { name: 'a5' })]);
    // a's guard refuses (the upsert meets the duplicate _id); FerretDB abandons the rest of a
    // command at a duplicate key, so b and c must not ride in the same command behind it
    await mine.write(['a', 'b', 'c'].map((id) => change(id, 3, { name: `${id}3` })));
    expect(await read('a')).toEqual({ name: 'a5', _position: 5 });
    expect(await read('b')).toEqual({ name: 'b3', _position: 3 });
    expect(await read('c')).toEqual({ name: 'c3', _position: 3 });
  });

  it('stays correct when it has forgotten documents, and remembers only as many as it may', async () => {
    const forgetful = writer(2);
    await forgetful.write(['a', 'b', 'c', 'd'].map((id) => change(id, 1, { name: id })));
    expect(forgetful.size).toBe(2);
    await forgetful.write([change('a', 2, { name: 'a2' }), change('d', 2, { name: 'd2' })]);
    await forgetful.write([change('a', 1, { name: 'stale' })]);
    expect(await read('a')).toEqual({ name: 'a2', _position: 2 });
    expect(await read('d')).toEqual({ name: 'd2', _position: 2 });
    expect(await collection().countDocuments()).toBe(4);
  });

  it('writes a rebuild’s thousands of new documents without reading any back', async () => {
    const reads: string[] = [];
    const spied = new DocumentWriter(() => {
      const real = collection();
      return new Proxy(real, {
        get(target, key, receiver) {
          if (key === 'find' || key === 'findOne' || key === 'aggregate') reads.push(String(key));
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
    });
    const changes = Array.from({ length: 3000 }, (_, i) => change(`p${i}`, 1, { n: i }));
    await spied.write(changes.slice(0, 1500));
    await spied.write(changes.slice(1500));
    expect(reads).toEqual([]);
    expect(await collection().countDocuments()).toBe(3000);
  });
});
