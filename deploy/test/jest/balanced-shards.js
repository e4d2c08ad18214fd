// Splits the integration files between npm test's two integration lanes (deploy/test/run-all.mjs)
// by how long each takes, not by jest's default hash of the path, which can put the slowest files
// together. Each file goes to the lane with the least work so far, the longest first. A file weighs
// the seconds measured below for the slow ones and a typical file's for the rest: not the durations
// in jest's cache, which differ between machines and could differ between the two lanes' reads,
// when both lanes must agree on one split so that every file runs exactly once.
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

/** Seconds measured in a full run (npm test on a quiet machine, December 2026); files not listed take about TYPICAL. */
const MEASURED_SECONDS = {
  'services/vouchers/src/imports/voucher-import.int.spec.ts': 176,
  'services/enrollment/src/api/voucher-burst.int.spec.ts': 96,
  'services/catalog/src/api/directory-api.int.spec.ts': 96,
  'services/catalog/src/projections/register/register-at-region-scale.int.spec.ts': 87,
  'services/enrollment/src/api/completion-api.int.spec.ts': 80,
  'libs/projections/src/read-store-wedge.int.spec.ts': 74,
  'deploy/images/images.int.spec.ts': 70,
  'services/vouchers/src/api/voucher-read-api.int.spec.ts': 71,
  'services/vouchers/src/api/fraud-signals-api.int.spec.ts': 69,
  'services/vouchers/src/api/voucher-api.int.spec.ts': 60,
  'services/expertise/src/api/expertise-api.int.spec.ts': 54,
  'services/diagnostics/src/api/frdo-export-api.int.spec.ts': 48,
  'services/enrollment/src/api/group-api.int.spec.ts': 45,
  'services/diagnostics/src/api/teacher-api.int.spec.ts': 40,
  'services/diagnostics/src/application/personal-data-erasure.int.spec.ts': 40,
  'libs/messaging/src/kafka-message-bus.int.spec.ts': 34,
  'services/diagnostics/src/api/trajectory-api.int.spec.ts': 31,
  'libs/service-runtime/src/service-kit.int.spec.ts': 31,
  'libs/service-runtime/src/reactions/reactions-outages.int.spec.ts': 29,
  'services/catalog/src/api/program-api.int.spec.ts': 29,
  'libs/projections/src/projection-runner.int.spec.ts': 28,
  'services/diagnostics/src/api/attempt-api.int.spec.ts': 23,
  'services/monitoring/src/api/monitoring-api.int.spec.ts': 22,
  'services/monitoring/src/api/irbey-api.int.spec.ts': 22,
  'services/enrollment/src/application/startup-sweep.int.spec.ts': 47,
  'libs/event-store/src/postgres-event-store.int.spec.ts': 22,
  'libs/projections/src/projection-runner-faults.int.spec.ts': 21,
};
const TYPICAL = 8;

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

  secondsOf(test) {
    const relative = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
    return MEASURED_SECONDS[relative] ?? TYPICAL;
  }
}

module.exports = BalancedShards;
