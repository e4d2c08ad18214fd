// first: with tracing on, the SDK must patch http, pg and Nest before anything loads them
import '@pk/service-runtime/tracing';
import { runService } from '@pk/service-runtime';
import { service } from './service';

runService(service);
