import { ALL_REGIONS } from '@pk/auth';
import { type InMemoryService, startInMemoryService, statusOnEveryRoute } from '@pk/test-kit';
import { service } from '../service';

// The federal role reads monitoring's totals and nothing else (libs/auth README): catalog refuses
// it on every route it documents, its own and the kit's, before reading anything.

// one request per route, a few dozen of them: more than the default five seconds on a shared machine
jest.setTimeout(60_000);

describe('catalog: the federal role on every route (in memory)', () => {
  let api: InMemoryService;
  beforeAll(async () => {
    api = await startInMemoryService(service);
  });
  afterAll(() => api.close());

  it('is refused (403) everywhere but the public routes', async () => {
    const statuses = await statusOnEveryRoute(api, {
      subject: 'federal-1',
      role: 'federal-analyst',
      region: ALL_REGIONS,
    });
    expect(Object.keys(statuses).length).toBeGreaterThan(5);
    expect(statuses).toEqual(Object.fromEntries(Object.keys(statuses).map((route) => [route, 403])));
  });
});
