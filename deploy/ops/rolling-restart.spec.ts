import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { balance, imbalances } from './event-ledger';
import { PatientClient, retryAfterMs } from './patient-client';

/** A server answering each request with the next of `answers`; 'reset' destroys the socket unanswered. */
async function serverOf(answers: (readonly [number, Record<string, string>, unknown] | 'reset')[]) {
  let next = 0;
  const server = http.createServer((request, response) => {
    const answer = answers[Math.min(next++, answers.length - 1)]!;
    if (answer === 'reset') {
      request.socket.destroy();
      return;
    }
    const [status, headers, body] = answer;
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, requests: () => next, close: () => new Promise((r) => server.close(r)) };
}

const quick = () =>
  new PatientClient({ giveUpAfterMs: 5_000, attemptTimeoutMs: 2_000, reconnectPauseMs: 0 }, async () => {});

describe('the patient client of the rolling restart', () => {
  it('tries a 503 again after its Retry-After and counts the request once', async () => {
    const server = await serverOf([
      [503, { 'retry-after': '0' }, {}],
      [201, {}, { version: 0 }],
    ]);
    const client = quick();
    const outcome = await client.send('op', server.url, { method: 'POST', body: {} });
    await server.close();
    expect(outcome).toMatchObject({ status: 201, attempts: 2 });
    expect(client.tally('op')).toMatchObject({ sent: 1, answered2xx: 1, retried503: 1, failed: {} });
  });

  it('sends again after a reset connection; a refusal then is the lost first answer, counted apart', async () => {
    const server = await serverOf(['reset', [412, {}, { code: 'revision-mismatch' }]]);
    const client = quick();
    const outcome = await client.send('op', server.url, { method: 'POST', body: {} });
    await server.close();
    expect(outcome).toMatchObject({ status: 412, attempts: 2, reason: 'revision-mismatch' });
    const tally = client.tally('op');
    expect(tally.refusedAfterRetry).toEqual({ '412 revision-mismatch': 1 });
    expect(tally.refused).toEqual({});
    expect(Object.values(tally.retriedConnection)).toEqual([1]);
  });

  it('does not retry a 500 or a refusal on the first attempt', async () => {
    const server = await serverOf([
      [500, {}, {}],
      [422, {}, { code: 'program-incomplete' }],
    ]);
    const client = quick();
    expect((await client.send('op', server.url, { method: 'GET' })).status).toBe(500);
    expect((await client.send('op', server.url, { method: 'GET' })).status).toBe(422);
    await server.close();
    expect(server.requests()).toBe(2);
    expect(client.tally('op')).toMatchObject({
      sent: 2,
      answered2xx: 0,
      failed: { '500': 1 },
      refused: { '422 program-incomplete': 1 },
    });
  });

  it('gives up on a port nobody listens on once its time is out', async () => {
    const server = await serverOf([[200, {}, {}]]);
    await server.close();
    const client = new PatientClient(
      { giveUpAfterMs: 50, attemptTimeoutMs: 1_000, reconnectPauseMs: 10 },
      (ms) => new Promise((r) => setTimeout(r, ms)),
    );
    const outcome = await client.send('op', server.url, { method: 'GET' });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'ECONNREFUSED' });
    expect(client.tally('op').failed).toEqual({ 'gave up (ECONNREFUSED)': 1 });
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(null)).toBe(1000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
  });
});

describe('the event ledger', () => {
  const published = 'catalog.ProgramSubmitted';
  const stored = 'diagnostics.TeacherPersonalDataRecorded';

  it('balances a public type stored once and sent twice (at least once), and a private type kept home', () => {
    const rows = balance(
      [
        { id: 'a', type: published },
        { id: 'b', type: published },
        { id: 'p', type: stored },
      ],
      [
        { id: 'a', type: published },
        { id: 'b', type: published },
        { id: 'b', type: published },
      ],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        type: published,
        stored: 2,
        published: 3,
        publishedDistinct: 2,
        publishedTwice: 1,
      }),
      expect.objectContaining({ type: stored, stored: 1, published: 0, private: true, unpublished: 0 }),
    ]);
    expect(imbalances(rows)).toEqual([]);
  });

  it('names an event stored and never published, one published and stored nowhere, and a leaked private one', () => {
    const rows = balance(
      [
        { id: 'a', type: published },
        { id: 'p', type: stored },
      ],
      [
        { id: 'x', type: published },
        { id: 'p', type: stored },
      ],
    );
    expect(imbalances(rows)).toEqual([
      `${published}: 1 stored, never published`,
      `${published}: 1 published, stored nowhere`,
      `${stored}: private, yet published`,
    ]);
  });
});
