// Setup for tests against real servers.
import { muteKafkaJsTimeoutWarning } from '@pk/messaging';

// They wait on networks and disks; five seconds is a unit-test budget.
jest.setTimeout(120_000);

muteKafkaJsTimeoutWarning((line) => console.warn(line));
