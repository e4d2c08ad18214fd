// Setup for tests against real servers.
// They wait on networks and disks; five seconds is a unit-test budget.
jest.setTimeout(120_000);

// kafkajs 2.2.4 schedules a negative timeout on Node 23+ ("check again now"), which Node reports
// as a TimeoutNegativeWarning on every client; it is noise, not a fault.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning') console.warn(`${warning.name}: ${warning.message}`);
});
