// Validates Kubernetes objects (a JSON array on stdin) against the API's OpenAPI schemas that the
// npm package kubernetes-models ships, offline; prints a JSON array of problems ([] when all hold).
// A script of its own because the package is ES modules only, and the specs run as CommonJS.
// Not kubeconform: it downloads its schemas at run time, which this project's machines cannot.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');

/** Declaration file → its interface's shape (null: none, a leaf such as IntOrString). */
const shapes = new Map();
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
  const declaration = path.join(NODE_MODULES, 'kubernetes-models', object.apiVersion, `${object.kind}.d.ts`);
  unknownFields(object, declaration, 'data', (problem) => problems.push(`${what}: ${problem}`));
}
process.stdout.write(JSON.stringify(problems));

/**
 * The schemas' validators accept fields the API does not have (the API server drops them, or refuses
 * them with strict field validation), so a misspelt field would pass: the field names are read from
 * the package's type declarations instead, one interface per file, and every object field checked.
 */
function unknownFields(value, declaration, at, problem) {
  const shape = shapeOf(declaration);
  if (!shape || value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const type = shape.fields.get(key);
    if (type === undefined) {
      problem(`${at}/${key} is no field of ${path.basename(declaration, '.d.ts')}`);
      continue;
    }
    const element = /^Array<(\w+)>$/.exec(type)?.[1];
    const target = shape.imports.get(element ?? type);
    if (!target) continue; // a string, a number, a map of strings
    if (!element) unknownFields(child, target, `${at}/${key}`, problem);
    else if (Array.isArray(child))
      child.forEach((item, i) => unknownFields(item, target, `${at}/${key}/${i}`, problem));
  }
}

/** A declaration file's interface: its fields' types, and where the types it imports are declared. */
function shapeOf(declaration) {
  if (shapes.has(declaration)) return shapes.get(declaration);
  let shape = null;
  const text = existsSync(declaration) ? readFileSync(declaration, 'utf8') : '';
  const body = /^export interface I\w+(?: extends [\w, ]+)? \{\n([\s\S]*?)\n\}/m.exec(text)?.[1];
  if (body) {
    const imports = new Map();
    for (const [, names, from] of text.matchAll(/^import \{ ([^}]+) \} from "([^"]+)";$/gm)) {
      const file = from.startsWith('.')
        ? path.resolve(path.dirname(declaration), from.replace(/\.js$/, '.d.ts'))
        : path.join(NODE_MODULES, `${from}.d.ts`);
      for (const name of names.split(',')) imports.set(name.trim(), file);
    }
    // a field at the interface's first level of indentation: "name"?: Type; (a map opens with {)
    const fields = new Map(
      [...body.matchAll(/^ {4}"([^"]+)"\??: (.*?);?$/gm)].map(([, name, type]) => [name, type]),
    );
    shape = { fields, imports };
  }
  shapes.set(declaration, shape);
  return shape;
}
