import { routesWithoutAnswerSchemaOf } from '@pk/test-kit';
import { service } from '../service';

// Every route of the service's OpenAPI document says what its success answer carries: a client
// generated from the document would otherwise get an untyped body.

describe('enrollment OpenAPI document', () => {
  it('documents the success answer of every route', async () => {
    expect(await routesWithoutAnswerSchemaOf(service)).toEqual([]);
  });
});
