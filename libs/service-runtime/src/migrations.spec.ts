import { migrateOnlyRequested } from './migrations';

describe('migrateOnlyRequested', () => {
  it('is asked by the --migrate-only argument or MIGRATE_ONLY=1 (the Kubernetes Job sets the variable)', () => {
    expect(migrateOnlyRequested(['node', 'main.js', '--migrate-only'], {})).toBe(true);
    expect(migrateOnlyRequested(['node', 'main.js'], { MIGRATE_ONLY: '1' })).toBe(true);
    expect(migrateOnlyRequested(['node', 'main.js'], { MIGRATE_ONLY: 'true' })).toBe(true);
  });

  it('is not asked otherwise: a service starts and serves', () => {
    expect(migrateOnlyRequested(['node', 'main.js'], {})).toBe(false);
    expect(migrateOnlyRequested(['node', 'main.js'], { MIGRATE_ONLY: '0' })).toBe(false);
    expect(migrateOnlyRequested(['node', 'main.js', '--pk-local-dir=/x'], { MIGRATE_ONLY: '' })).toBe(false);
  });
});
