import { routesWithoutAnswerSchema, startInMemoryService } from '@pk/test-kit';
import { service } from '../service';

// Every route of the service's OpenAPI document says what its success answer carries: a client
// generated from the document would otherwise get an untyped body.

describe('expertise OpenAPI document', () => {
  it('documents the success answer of every route', async () => {
    const api = await startInMemoryService(service);
    try {
      expect(routesWithoutAnswerSchema(api.app)).toEqual([]);
    } finally {
      await api.close();
    }
  });
});
