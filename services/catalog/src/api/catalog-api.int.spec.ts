import { brotliCompressSync, gzipSync } from 'node:zlib';
import { ServiceKit } from '@pk/service-runtime';
import { serverEndpoints, type ServiceApi, startServiceApi } from '@pk/test-kit';
import { Pool } from 'pg';
import { directoryId } from '../domain/directory-id';
import { service } from '../service';

// Catalog's HTTP edge on its real event store (PostgreSQL): hostile input gets a 4xx naming the
// problem, nothing is stored, and the service answers the next request as if nothing happened.
describe('catalog HTTP API on PostgreSQL (integration)', () => {
  const pool = new Pool({ connectionString: serverEndpoints().databaseUrl, max: 2 });
  let api: ServiceApi;
  const admin = { subject: 'admin-63', role: 'ministry-admin', region: '63' } as const;

  beforeAll(async () => {
    api = await startServiceApi('catalog', [ServiceKit.forService(service)]);
  });
  afterAll(async () => {
    await api.close();
    await pool.end();
  });

  const storedEvents = async () =>
    Number((await pool.query<{ n: string }>('select count(*) as n from catalog.events')).rows[0]!.n);

  /** Sends raw bytes, so the test controls exactly what reaches the server. */
  async function send(body: string | Buffer, headers: Record<string, string> = {}, path = '/providers') {
    const answer = await api.as(admin).post<{ detail?: string }>(path, body, headers);
    return { status: answer.status, type: answer.contentType, detail: String(answer.body.detail) };
  }

  /** A provider of its own each call: a fresh ИНН, under the id the catalog derives from it. */
  const provider = (fields: Record<string, unknown> = {}) => {
    const inn = `63${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    return {
      providerId: directoryId('provider', '63', inn),
      region: '63',
      name: 'СИПКРО',
      inn,
      ownership: 'state',
      kind: 'dpo-institute',
      ...fields,
    };
  };

  /** The request is refused with a problem document, nothing is stored, and a good request still works. */
  async function expectRefused(
    answer: Promise<{ status: number; type: string; detail: string }>,
    status: number,
    detail: RegExp,
  ) {
    const before = await storedEvents();
    const { status: got, type, detail: said } = await answer;
    expect({ status: got, detail: said }).toEqual({ status, detail: expect.stringMatching(detail) });
    expect(type).toContain('application/problem+json');
    expect(await storedEvents()).toBe(before);
    expect((await send(JSON.stringify(provider()))).status).toBe(201);
  }

  it('reports its relay at /health', async () => {
    const health = (await api.anonymous.get('/health')).body;
    expect(health).toMatchObject({
      service: 'catalog',
      status: 'ok',
      checks: { relay: { status: 'ok', parked: 0 } },
    });
  });

  it('takes one identifier in any letter case as one provider', async () => {
    const record = provider();
    const id = record.providerId;
    expect((await send(JSON.stringify(record))).status).toBe(201);
    // the same record again is the same registration, done already; other data is refused
    expect((await send(JSON.stringify({ ...record, providerId: id.toUpperCase() }))).status).toBe(201);
    const other = await send(JSON.stringify({ ...record, providerId: id.toUpperCase(), name: 'ИРО' }));
    expect(other).toMatchObject({ status: 422, detail: expect.stringMatching(/уже есть с другими данными/) });
    const { rows } = await pool.query('select stream_id from catalog.events where lower(stream_id) = $1', [
      `provider-${id}`,
    ]);
    expect(rows).toEqual([{ stream_id: `provider-${id}` }]);
  });

  it('refuses the nil UUID as an identifier', async () => {
    await expectRefused(
      send(JSON.stringify(provider({ providerId: '00000000-0000-0000-0000-000000000000' }))),
      400,
      /providerId/,
    );
  });

  it('refuses text the event store or the contract cannot take, naming the field', async () => {
    const raw = (name: string) => JSON.stringify(provider()).replace('"СИПКРО"', name);
    await expectRefused(send(raw('"СИП\\u0000КРО"')), 400, /name/);
    await expectRefused(send(raw('"СИП\\ud800КРО"')), 400, /name/);
    // 400 characters to class-validator, 800 code points to the contract's 500-character limit
    await expectRefused(send(JSON.stringify(provider({ name: 'a\uFE0F'.repeat(400) }))), 400, /name.*500/);
  });

  it('refuses oversized, deeply nested and undecodable bodies before they reach the handler', async () => {
    await expectRefused(send(JSON.stringify(provider({ name: 'я'.repeat(5_000_000) }))), 413, /больше/);
    const nested = (open: string, close: string, depth: number) =>
      JSON.stringify(provider()).replace('"СИПКРО"', open.repeat(depth) + close.repeat(depth));
    await expectRefused(send(nested('[', ']', 45_000)), 400, /вкладывает/);
    await expectRefused(send(nested('{"a":', '}', 15_000)), 400, /вкладывает/);
    await expectRefused(send(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' }), 400, /./);
    await expectRefused(send(Buffer.from('not brotli at all'), { 'content-encoding': 'br' }), 400, /./);
    await expectRefused(send(Buffer.from('{}'), { 'content-encoding': 'compress' }), 415, /compress/);
    // a well-formed compressed body is fine
    expect((await send(gzipSync(JSON.stringify(provider())), { 'content-encoding': 'gzip' })).status).toBe(
      201,
    );
    expect(
      (await send(brotliCompressSync(JSON.stringify(provider())), { 'content-encoding': 'br' })).status,
    ).toBe(201);
  });

  it('refuses __proto__ and constructor keys as it refuses any unknown field', async () => {
    const withKey = (key: string) => JSON.stringify(provider()).replace('{', `{"${key}":{"polluted":true},`);
    await expectRefused(send(withKey('__proto__')), 400, /__proto__/);
    await expectRefused(send(withKey('constructor')), 400, /constructor/);
  });

  it('takes only the media type the endpoint declares', async () => {
    const form = new URLSearchParams(provider() as Record<string, string>).toString();
    await expectRefused(
      send(form, { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      /application\/json/,
    );
    await expectRefused(
      send(JSON.stringify(provider()), { 'content-type': 'text/plain' }),
      415,
      /application\/json/,
    );
  });
});
