// Splits the integration files between npm test's two integration lanes (deploy/test/run-all.mjs)
// by how long each takes, not by jest's default hash of the path, which can put the slowest files
// together. Each file goes to the lane with the least work so far, the longest first. A file weighs
// the seconds measured below for the slow ones and a typical file's for the rest: not the durations
// in jest's cache, which differ between machines and could differ between the two lanes' reads,
// when both lanes must agree on one split so that every file runs exactly once.
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

/**
 * Seconds measured in a full run (npm test, three lanes, quiet machine, 2026-12-04 at 1c8def7:
 * 12 min 45 s); files not listed took 5 s or less, about TYPICAL.
 */
const MEASURED_SECONDS = {
  'services/enrollment/src/api/voucher-burst.int.spec.ts': 99,
  'services/catalog/src/projections/register/register-at-region-scale.int.spec.ts': 90,
  'services/vouchers/src/imports/voucher-import.int.spec.ts': 77,
  'services/diagnostics/src/api/teacher-api.int.spec.ts': 73,
  'deploy/images/images.int.spec.ts': 72,
  'libs/service-runtime/src/tracing/traces-across-kafka.int.spec.ts': 70,
  'services/vouchers/src/api/voucher-read-api.int.spec.ts': 67,
  'services/monitoring/src/api/irbey-api.int.spec.ts': 57,
  'services/expertise/src/api/expertise-api.int.spec.ts': 50,
  'services/enrollment/src/application/startup-sweep.int.spec.ts': 50,
  'services/catalog/src/api/directory-api.int.spec.ts': 48,
  'services/vouchers/src/api/fraud-signals-api.int.spec.ts': 45,
  'services/enrollment/src/api/group-api.int.spec.ts': 45,
  'services/enrollment/src/api/completion-api.int.spec.ts': 38,
  'libs/projections/src/read-store-wedge.int.spec.ts': 37,
  'libs/messaging/src/kafka-message-bus.int.spec.ts': 37,
  'services/monitoring/src/api/goals-api.int.spec.ts': 34,
  'libs/projections/src/projection-runner.int.spec.ts': 31,
  'libs/service-runtime/src/reactions/reactions-outages.int.spec.ts': 29,
  'services/vouchers/src/api/voucher-api.int.spec.ts': 28,
  'services/diagnostics/src/application/personal-data-erasure.int.spec.ts': 27,
  'libs/projections/src/read-store-connection.int.spec.ts': 26,
  'services/monitoring/src/api/activity-api.int.spec.ts': 26,
  'libs/service-runtime/src/service-kit.int.spec.ts': 24,
  'libs/projections/src/projection-runner-faults.int.spec.ts': 23,
  'services/monitoring/src/api/roles-api.int.spec.ts': 22,
  'subscriber-example/subscriber.int.spec.ts': 20,
  'services/monitoring/src/api/monitoring-api.int.spec.ts': 20,
  'libs/event-store/src/postgres-event-store.int.spec.ts': 19,
  'services/monitoring/src/api/impact-api.int.spec.ts': 18,
  'services/diagnostics/src/api/frdo-export-api.int.spec.ts': 14,
  'libs/projections/src/partition-aggregate.int.spec.ts': 13,
  'services/catalog/src/api/program-api.int.spec.ts': 13,
  'services/diagnostics/src/api/trajectory-api.int.spec.ts': 12,
  'services/catalog/src/projections/register/register.queries.int.spec.ts': 12,
  'services/diagnostics/src/api/attempt-api.int.spec.ts': 11,
  'services/catalog/src/api/catalog-api.int.spec.ts': 7,
  'services/enrollment/src/api/queries-api.int.spec.ts': 6,
  'deploy/k8s/migrate-only.int.spec.ts': 6,
};
const TYPICAL = 5;

class BalancedShards extends Sequencer {
  shard(tests, { shardIndex, shardCount }) {
    const weighed = tests.map((test) => ({ test, seconds: this.secondsOf(test) }));
    weighed.sort((a, b) => b.seconds - a.seconds || a.test.path.localeCompare(b.test.path));
    const lanes = Array.from({ length: shardCount }, () => ({ seconds: 0, tests: [] }));
    for (const { test, seconds } of weighed) {
      const lightest = lanes.reduce((min, lane) => (lane.seconds < min.seconds ? lane : min));
      lightest.seconds += seconds;
      lightest.tests.push(test);
    }
    return lanes[shardIndex - 1].tests;
  }

  /**
   * Monitoring's files first in their lane, then jest's own order. Monitoring's read models follow
   * every public topic, and a spec's service catches up on all the lane's earlier files published
   * (thousands of events after the register's or the imports' specs) before the spec's own: first,
   * they catch up on little.
   */
  async sort(tests) {
    const sorted = await super.sort(tests);
    const followsEveryTopic = (test) => /[\\/]services[\\/]monitoring[\\/]/.test(test.path);
    return [...sorted.filter(followsEveryTopic), ...sorted.filter((test) => !followsEveryTopic(test))];
  }

  secondsOf(test) {
    const relative = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
    return MEASURED_SECONDS[relative] ?? TYPICAL;
  }
}

module.exports = BalancedShards;
