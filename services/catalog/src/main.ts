import { runService } from '@pk/service-runtime';
import { service } from './service';

runService(service);
