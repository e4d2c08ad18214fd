import { serverEndpoints } from './endpoints';

describe('serverEndpoints', () => {
  it('splits the broker list and keeps the database addresses', () => {
    const endpoints = serverEndpoints({
      KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19094',
      DATABASE_URL: 'postgres://pk:pk@127.0.0.1:15432/pk',
      MONGODB_URL: 'mongodb://127.0.0.1:17017/pk',
    });
    expect(endpoints.kafkaBrokers).toEqual(['127.0.0.1:19092', '127.0.0.1:19094']);
    expect(endpoints.databaseUrl).toBe('postgres://pk:pk@127.0.0.1:15432/pk');
  });

  it('names every missing variable', () => {
    expect(() => serverEndpoints({ DATABASE_URL: 'postgres://x' })).toThrow(
      /KAFKA_BROKERS, MONGODB_URL not set/,
    );
  });
});
