import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule, issueToken, type Principal } from '@pk/auth';
import type { RebuildProgress } from '@pk/projections';
import { configureHttp } from '@pk/service-runtime';
import { generateKeyPairSync } from 'node:crypto';
import { CATALOG_STATISTICS } from '../projections/read-model.module';
import { StatisticsController } from './statistics.controller';

// Who may start a rebuild: it replaces every region's statistics at once, so no region's admin may.
describe('statistics API: rebuild access', () => {
  const keys = generateKeyPairSync('ed25519');
  const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const started: unknown[] = [];
  const progress: RebuildProgress = {
    generation: 2,
    state: 'rebuilding',
    processed: 0,
    total: 10,
    percent: 0,
    eventsPerSecond: 0,
    startedAt: new Date().toISOString(),
    requestedBy: { id: 'ops-1', role: 'platform-operator' },
  };
  // The runner itself is tested against Kafka and FerretDB; here only who reaches it matters.
  const runner = {
    rebuild: async (requestedBy: unknown) => (started.push(requestedBy), progress),
    progress: () => progress,
  };
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({ publicKey: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() }),
      ],
      controllers: [StatisticsController],
      providers: [{ provide: CATALOG_STATISTICS, useValue: runner }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false, bodyParser: false });
    configureHttp(app, 'monitoring');
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());

  const rebuildAs = async (principal: Principal) =>
    fetch(`${base}/projections/catalog-statistics/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await issueToken(privateKeyPem, principal, { ttl: '5m' })}` },
    });

  it("refuses a region's ministry admin, since a rebuild replaces every region's statistics", async () => {
    const answer = await rebuildAs({ subject: 'admin-24', role: 'ministry-admin', region: '24' });
    expect(answer.status).toBe(403);
    expect(((await answer.json()) as { detail: string }).detail).toMatch(/allowed roles: platform-operator/);
    expect(started).toEqual([]);
  });

  it('lets a platform operator start it, recording who did', async () => {
    const answer = await rebuildAs({ subject: 'ops-1', role: 'platform-operator', region: '63' });
    expect(answer.status).toBe(202);
    expect(started).toEqual([{ id: 'ops-1', role: 'platform-operator' }]);
  });
});
