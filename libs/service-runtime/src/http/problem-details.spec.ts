import type { ArgumentsHost } from '@nestjs/common';
import { OutageClassifier, type OutageProbe } from '@pk/kernel';
import { ProblemDetailsFilter } from './problem-details';

/** What the filter sent: status, headers and the problem document. */
function answerOf(filter: ProblemDetailsFilter, exception: unknown) {
  const sent: { status?: number; headers: Record<string, string>; body?: Record<string, unknown> } = {
    headers: {},
  };
  const response = {
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
    status: (status: number) => ((sent.status = status), response),
    type: () => response,
    send: (body: string) => (sent.body = JSON.parse(body) as Record<string, unknown>),
  };
  const host = {
    switchToHttp: () => ({
      getRequest: () => ({ method: 'POST', url: '/teachers' }),
      getResponse: () => response,
    }),
  } as unknown as ArgumentsHost;
  filter.catch(exception, host);
  return sent;
}

// The read store's probe knows its driver's errors: one raised while the connection is opened again
// is the store being away, not the request failing.
const readStore: OutageProbe = {
  store: 'read store',
  isUnreachable: (error) => (error as Error).name === 'MongoNotConnectedError',
  answers: () => Promise.resolve(false),
};
const notConnected = Object.assign(new Error('Client must be connected before running operations'), {
  name: 'MongoNotConnectedError',
});

describe('ProblemDetailsFilter', () => {
  it('answers 503 store-unavailable, with Retry-After, when a store says it cannot be reached', () => {
    const answer = answerOf(new ProblemDetailsFilter(new OutageClassifier([readStore])), notConnected);
    expect(answer).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '5' },
      body: { code: 'store-unavailable', detail: expect.stringMatching(/read store.*повторите запрос/) },
    });
  });

  it('answers 503 for a socket error whatever the client, and 500 for a failure of the work itself', () => {
    const filter = new ProblemDetailsFilter(new OutageClassifier([readStore]));
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(answerOf(filter, refused)).toMatchObject({ status: 503, body: { code: 'store-unavailable' } });
    expect(answerOf(filter, new TypeError('x is undefined'))).toMatchObject({ status: 500 });
  });

  it('answers 500 without a classifier: an app that registered no store', () => {
    expect(answerOf(new ProblemDetailsFilter(), notConnected)).toMatchObject({ status: 500 });
  });
});
