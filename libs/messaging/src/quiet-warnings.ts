/**
 * kafkajs 2.2.4 schedules a negative timeout on Node 23+ ("check again now"), which Node reports
 * as a TimeoutNegativeWarning on every client: noise, not a fault. Other warnings still reach
 * `report`. Call once per process (services, test setups); plain-JS tools repeat these lines.
 */
export function muteKafkaJsTimeoutWarning(report: (line: string) => void): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') report(`${warning.name}: ${warning.message}`);
  });
}
