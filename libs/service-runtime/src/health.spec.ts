import { startServiceApi } from '@pk/test-kit';
import { HealthChecks } from './health';

describe('GET /health', () => {
  it('answers 200 while the process serves, and 503 "stopping" once it was told to stop', async () => {
    const api = await startServiceApi('catalog', []);
    try {
      const serving = await api.anonymous.get('/health');
      expect(serving.status).toBe(200);
      expect(serving.body).toMatchObject({ status: 'ok', service: 'catalog' });

      api.app.get(HealthChecks).markStopping();
      const stopping = await api.anonymous.get('/health');
      expect(stopping.status).toBe(503);
      expect(stopping.body).toMatchObject({
        status: 'stopping',
        service: 'catalog',
        stoppingSince: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    } finally {
      await api.close();
    }
  });
});
