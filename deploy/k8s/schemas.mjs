// Validates Kubernetes objects (a JSON array on stdin) against the API's OpenAPI schemas that the
// npm package kubernetes-models ships, offline; prints a JSON array of problems ([] when all hold).
// A script of its own because the package is ES modules only, and the specs run as CommonJS.
// Not kubeconform: it downloads its schemas at run time, which this project's machines cannot.
import { readFileSync } from 'node:fs';

const objects = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
for (const object of objects) {
  const what = `${object?.kind ?? '?'} ${object?.metadata?.name ?? '?'}`;
  // apps/v1 → kubernetes-models/apps/v1/<Kind>; the core group's v1 → kubernetes-models/v1/<Kind>
  let model;
  try {
    model = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`))[object.kind];
  } catch {
    problems.push(`${what}: no schema for apiVersion ${object?.apiVersion} kind ${object?.kind}`);
    continue;
  }
  // kustomize folds a long base64 value over lines; the API server's decoder skips the line breaks
  if (object.kind === 'Secret' && object.data) {
    for (const key of Object.keys(object.data)) object.data[key] = object.data[key].replace(/\s+/g, '');
  }
  try {
    new model(object).validate();
  } catch (error) {
    problems.push(`${what}: ${error.message}`);
  }
}
process.stdout.write(JSON.stringify(problems));
