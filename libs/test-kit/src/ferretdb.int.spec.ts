import mongoose, { Schema } from 'mongoose';
import { serverEndpoints, uniqueName } from './index';

interface Teacher {
  region: string;
  municipality: string;
  snils: string;
  category: 'none' | 'first' | 'highest';
  hoursThisCycle: number;
}

// Proves the MongoDB-wire server (FerretDB here, MongoDB under Docker) is usable by mongoose:
// a model is saved, a unique index is really enforced, an indexed query answers, and an
// aggregation groups the data.
describe('MongoDB wire protocol through mongoose (integration)', () => {
  const connection = mongoose.createConnection(serverEndpoints().mongodbUrl, {
    serverSelectionTimeoutMS: 10_000,
  });
  const schema = new Schema<Teacher>({
    region: { type: String, required: true },
    municipality: { type: String, required: true },
    snils: { type: String, required: true },
    category: { type: String, enum: ['none', 'first', 'highest'], required: true },
    hoursThisCycle: { type: Number, required: true },
  });
  schema.index({ region: 1, snils: 1 }, { unique: true });
  schema.index({ region: 1, municipality: 1 });
  const Teachers = connection.model<Teacher>('Teacher', schema, uniqueName('teachers'));

  beforeAll(async () => {
    await connection.asPromise();
    await Teachers.createCollection();
    await Teachers.syncIndexes();
  });
  afterAll(async () => {
    await Teachers.collection.drop().catch(() => undefined);
    await connection.close();
  });

  it('saves, queries by index, enforces uniqueness and aggregates', async () => {
    await Teachers.create({
      region: '63',
      municipality: 'Тольятти',
      snils: '001',
      category: 'first',
      hoursThisCycle: 36,
    });
    await Teachers.insertMany([
      { region: '63', municipality: 'Тольятти', snils: '002', category: 'highest', hoursThisCycle: 72 },
      { region: '63', municipality: 'Сызрань', snils: '003', category: 'none', hoursThisCycle: 0 },
      { region: '24', municipality: 'Ирбейский район', snils: '001', category: 'first', hoursThisCycle: 36 },
    ]);

    const indexes = await Teachers.collection.indexes();
    expect(indexes.map((i) => i.key)).toEqual(
      expect.arrayContaining([
        { region: 1, snils: 1 },
        { region: 1, municipality: 1 },
      ]),
    );
    await expect(
      Teachers.create({
        region: '63',
        municipality: 'Самара',
        snils: '001',
        category: 'none',
        hoursThisCycle: 0,
      }),
    ).rejects.toMatchObject({ code: 11000 });

    const inTolyatti = await Teachers.find({ region: '63', municipality: 'Тольятти' })
      .sort({ snils: 1 })
      .lean();
    expect(inTolyatti.map((t) => t.snils)).toEqual(['001', '002']);

    // FerretDB 1.24 implements only $sum and $count in $group, and computes only the first
    // accumulator of a stage (the others come back 0): one accumulator per $group on the read side.
    const hoursByMunicipality = await Teachers.aggregate<{ _id: string; hours: number }>([
      { $match: { region: '63' } },
      { $group: { _id: '$municipality', hours: { $sum: '$hoursThisCycle' } } },
      { $sort: { _id: 1 } },
    ]);
    expect(hoursByMunicipality).toEqual([
      { _id: 'Сызрань', hours: 0 },
      { _id: 'Тольятти', hours: 108 },
    ]);
    const withCategory = await Teachers.aggregate<{ _id: string; teachers: number }>([
      { $match: { category: { $in: ['first', 'highest'] } } },
      { $group: { _id: '$region', teachers: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    expect(withCategory).toEqual([
      { _id: '24', teachers: 1 },
      { _id: '63', teachers: 2 },
    ]);
  });
});
