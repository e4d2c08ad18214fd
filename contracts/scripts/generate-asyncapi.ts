// Writes contracts/asyncapi.yaml from the registry (npm run contracts:asyncapi, and the last step of
// npm run contracts:generate); asyncapi.spec.ts fails until it is rerun.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ASYNCAPI_YAML_OPTIONS, buildAsyncApiDocument } from '../src/asyncapi';

writeFileSync(
  join(__dirname, '..', 'asyncapi.yaml'),
  stringify(buildAsyncApiDocument(), ASYNCAPI_YAML_OPTIONS),
);
