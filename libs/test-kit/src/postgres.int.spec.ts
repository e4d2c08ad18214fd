import { Client } from 'pg';
import { serverEndpoints } from './index';

// Proves the PostgreSQL server is real: a transaction, parameters, jsonb and Cyrillic text survive
// the round trip, and a constraint violation comes back as the server's own error code.
describe('PostgreSQL (integration)', () => {
  const client = new Client({ connectionString: serverEndpoints().databaseUrl });

  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it('reports a real server version', async () => {
    const { rows } = await client.query<{ server_version_num: string }>('show server_version_num');
    expect(Number(rows[0]!.server_version_num)).toBeGreaterThanOrEqual(150000);
  });

  it('round-trips a row with jsonb and Cyrillic text inside a transaction', async () => {
    await client.query('begin');
    try {
      await client.query(
        'create temporary table program (id uuid primary key, title text not null, hours int check (hours >= 16), data jsonb) on commit drop',
      );
      const id = '8d3c2c4e-2a77-4f5b-9e57-7d6f2c1e0b11';
      await client.query('insert into program values ($1, $2, $3, $4)', [
        id,
        'Формирование функциональной грамотности',
        36,
        { blocks: ['variable'], region: '63' },
      ]);
      const { rows } = await client.query('select title, hours, data from program where id = $1', [id]);
      expect(rows).toEqual([
        {
          title: 'Формирование функциональной грамотности',
          hours: 36,
          data: { blocks: ['variable'], region: '63' },
        },
      ]);
      await expect(
        client.query("insert into program values (gen_random_uuid(), 'x', 8, null)"),
      ).rejects.toMatchObject({
        code: '23514', // check_violation: fewer than the 16 hours a ПК program needs
      });
    } finally {
      await client.query('rollback');
    }
  });
});
