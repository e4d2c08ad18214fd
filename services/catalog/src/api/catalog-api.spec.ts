import { goldenExample } from '@pk/contracts';
import { InMemoryEventStore } from '@pk/kernel';
import { EventSourcingModule } from '@pk/service-runtime';
import { providerRegistered, type ServiceApi, startServiceApi, TestClock } from '@pk/test-kit';
import { CatalogModule } from '../catalog.module';

// Catalog's HTTP API given/when/then on the in-memory kit: given stored events, when a request,
// then new events or a problem document. The same API runs on PostgreSQL in catalog-api.int.spec.ts.
describe('catalog HTTP API', () => {
  const clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
  const store = new InMemoryEventStore({ source: 'pk/catalog', clock });
  let api: ServiceApi;
  const admin = { subject: 'admin-63', role: 'ministry-admin', region: '63' } as const;
  const providerId = '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11';
  const provider = { subject: 'sipkro', role: 'provider', region: '63', organization: providerId } as const;
  const program = (fields: Record<string, unknown> = {}) => ({
    programId: crypto.randomUUID(),
    providerId,
    region: '63',
    title: 'Формирование функциональной грамотности',
    kind: 'advanced-training',
    hours: 36,
    ...fields,
  });

  beforeAll(async () => {
    api = await startServiceApi('catalog', [
      EventSourcingModule.inMemory('catalog', { store, clock }),
      CatalogModule,
    ]);
    // given: the provider is registered
    await store.append(`provider-${providerId}`, [providerRegistered('63', providerId)], 'no-stream');
  });
  afterAll(() => api.close());

  it('registers a provider: the event carries the request, the admin as actor and the correlation id', async () => {
    const { providerId: id, ...example } = goldenExample('catalog.ProviderRegistered').data;
    const answer = await api
      .as(admin)
      .post('/providers', { ...example, providerId: id.toUpperCase() }, { 'x-correlation-id': 'req-42' });
    expect(answer).toMatchObject({ status: 201, body: { revision: 0 } });
    const [event] = await store.readStream(`provider-${id}`);
    expect(event).toMatchObject({
      type: 'catalog.ProviderRegistered',
      data: { ...example, providerId: id },
      actor: { id: 'admin-63', role: 'ministry-admin' },
      correlationId: 'req-42',
      time: '2026-09-01T09:00:00.000Z',
    });
  });

  it('submits a program of a registered provider', async () => {
    const submitted = program();
    expect(await api.as(provider).post('/programs', submitted)).toMatchObject({ status: 201 });
    expect(await store.readStream(`program-${submitted.programId}`)).toMatchObject([
      { type: 'catalog.ProgramSubmitted', data: submitted, actor: { id: 'sipkro', role: 'provider' } },
    ]);
  });

  it('answers a refused rule with 422 and its code, storing nothing', async () => {
    const short = program({ hours: 8 });
    const answer = await api.as(provider).post('/programs', short);
    expect(answer).toMatchObject({
      status: 422,
      contentType: expect.stringContaining('application/problem+json'),
      body: {
        code: 'program-hours-below-minimum',
        detail: 'advanced-training programs need at least 16 hours, got 8',
      },
    });
    expect(await store.readStream(`program-${short.programId}`)).toEqual([]);
  });

  it('answers a bad field with 400 naming it, and another provider with 403', async () => {
    const bad = await api.as(provider).post('/programs', program({ kind: 'seminar' }));
    expect(bad).toMatchObject({
      status: 400,
      body: { errors: [expect.stringMatching(/^kind must be one of/)] },
    });
    const other = await api
      .as({ ...provider, organization: '9c4e7b21-0a5d-4e83-b6f9-2d1a8c3e5f74' })
      .post('/programs', program());
    expect(other.status).toBe(403);
    expect((await api.anonymous.post('/programs', program())).status).toBe(401);
  });
});
