import { randomBytes } from 'node:crypto';
import { eventStoreContract } from '@pk/test-kit';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// KurrentDB runs where KURRENTDB_URL points at one: the jest global setup sets it when Docker
// answers (docker-compose's kurrentdb through testcontainers), or set it yourself. No KurrentDB
// can run on a machine without Docker, so there the suite is reported as skipped, loudly, and
// never counted as passed.
const url = process.env['KURRENTDB_URL'];
if (!url) {
  process.stdout.write(
    '\n*** KurrentDB event store contract suite DID NOT RUN: KURRENTDB_URL is not set ' +
      '(start docker-compose.yml and set KURRENTDB_URL=kurrentdb://127.0.0.1:2113?tls=false). ***\n\n',
  );
}

(url ? describe : describe.skip)('KurrentDB event store (integration)', () => {
  eventStoreContract(async () => {
    return new KurrentDbEventStore({
      connectionString: url!,
      streamPrefix: `t${randomBytes(4).toString('hex')}:`,
      source: 'pk/vouchers',
    });
  });
});
