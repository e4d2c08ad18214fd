// npm run images:build [-- catalog vouchers …] — each service as an image folder a platform team can
// ship on its own: dist/images/<service>/ holds the service's code compiled to JavaScript (no
// TypeScript at run time), the libraries and contracts it imports and nothing else of the repository,
// and node_modules with only the production packages it needs — those its code requires, and what
// they depend on, linked or copied from this checkout's node_modules (so the build needs no network and gives
// exactly the versions the tests ran). deploy/docker/service.Dockerfile copies such a folder into a
// non-root image with a health check; without Docker, `node services/<service>/src/main.js` in the
// folder runs it. Prints each folder's size, files and packages.
import { transformFileSync } from '@swc/core';
import {
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { BOUNDED_CONTEXTS, type BoundedContext } from '@pk/contracts';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
export const IMAGES_DIR = path.join(ROOT, 'dist', 'images');
/** Every service is one bounded context: its folder under services/ has the context's name. */
export const SERVICES = BOUNDED_CONTEXTS;
export type ServiceName = BoundedContext;

const { compilerOptions } = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
const rootPackage = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

export interface ImageFolder {
  readonly service: ServiceName;
  readonly dir: string;
  readonly bytes: number;
  readonly files: number;
  /** Production packages copied into its node_modules (dependencies of others included). */
  readonly packages: readonly string[];
}

/** Compiles a service and everything it imports, and copies the packages those files require. */
export function buildImage(service: ServiceName): ImageFolder {
  const dir = path.join(IMAGES_DIR, service);
  rmSync(dir, { recursive: true, force: true });
  const entry = path.join(ROOT, 'services', service, 'src', 'main.ts');
  const packages = new Set<string>();
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const source = pending.pop()!;
    if (seen.has(source)) continue;
    seen.add(source);
    const target = path.join(dir, path.relative(ROOT, source));
    mkdirSync(path.dirname(target), { recursive: true });
    if (source.endsWith('.json')) {
      cpSync(source, target);
      continue;
    }
    const { code } = transformFileSync(source, {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2023',
        // @pk/… become relative paths, so the compiled files find each other in the folder as here
        baseUrl: ROOT,
        paths: compilerOptions.paths,
      },
      module: { type: 'commonjs' },
      sourceMaps: false,
    });
    writeFileSync(target.replace(/\.ts$/, '.js'), code);
    // double quotes as SWC writes imports; single as a lazy require() in the source keeps them
    for (const [, , specifier] of code.matchAll(/require\((["'])([^"']+)\1\)/g)) {
      if (BUILTINS.has(specifier!)) continue;
      if (specifier!.startsWith('.')) pending.push(resolveSource(path.dirname(source), specifier!));
      else packages.add(packageName(specifier!));
    }
  }
  const closure = packageClosure(packages);
  for (const name of closure) {
    placePackage(realpathSync(path.join(ROOT, 'node_modules', name)), path.join(dir, 'node_modules', name));
  }
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: `@pk/${service}-image`,
        private: true,
        description: `The ${service} service of the ПК platform, compiled, with its production packages`,
        main: `services/${service}/src/main.js`,
        scripts: { start: `node services/${service}/src/main.js` },
        dependencies: Object.fromEntries(
          [...packages].sort().map((name) => [name, rootPackage.dependencies[name] ?? 'bundled']),
        ),
      },
      null,
      2,
    )}\n`,
  );
  const { bytes, files } = sizeOf(dir);
  return { service, dir, bytes, files, packages: [...closure].sort() };
}

/** The .ts (or .json) file a relative require names, as TypeScript resolves it. */
function resolveSource(from: string, specifier: string): string {
  const base = path.resolve(from, specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${specifier} from ${path.relative(ROOT, from)}`);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/**
 * The packages required, and theirs, as installed at the top of node_modules: dependencies and
 * optional ones, and peers that are installed (Nest requires its peers by name). A package that is a
 * development dependency of the repository is refused: production code must not require one.
 */
function packageClosure(required: ReadonlySet<string>): Set<string> {
  for (const name of required) {
    if (!(name in rootPackage.dependencies)) {
      throw new Error(
        name in rootPackage.devDependencies
          ? `${name} is a devDependency but production code requires it: move it to dependencies`
          : `${name} is required but is not a dependency in package.json`,
      );
    }
  }
  const closure = new Set<string>();
  const pending = [...required];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (closure.has(name)) continue;
    // type declarations are never required at run time, though some packages list them as dependencies
    if (name.startsWith('@types/')) continue;
    const manifest = path.join(ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) continue; // an optional dependency not installed here
    closure.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    pending.push(
      ...Object.keys(pkg['dependencies'] ?? {}),
      ...Object.keys(pkg['optionalDependencies'] ?? {}),
      ...Object.keys(pkg['peerDependencies'] ?? {}),
    );
  }
  return closure;
}

/**
 * A package's files put in the folder as hard links to this checkout's node_modules where the file
 * system allows (six folders of 57 MB cost a second instead of copying 340 MB: what `docker build`
 * or a tarball reads from a link is the file's content), copies elsewhere. Links inside the package
 * are followed; its docs, maps and type declarations are left out: they are not needed to run it.
 */
function placePackage(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const source = path.join(from, entry);
    const target = path.join(to, entry);
    const stat = statSync(source);
    if (stat.isDirectory()) placePackage(source, target);
    else if (entry === 'package.json' || !/\.(md|d\.ts|map)$/.test(entry)) {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target); // another device, or links not allowed
      }
    }
  }
}

function sizeOf(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const walk = (at: string) => {
    const stat = statSync(at);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(at)) walk(path.join(at, entry));
    } else {
      bytes += stat.size;
      files += 1;
    }
  };
  walk(dir);
  return { bytes, files };
}

if (require.main === module) {
  const asked = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = asked.filter((name) => !(SERVICES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    console.error(`unknown service(s): ${unknown.join(', ')}; the services are ${SERVICES.join(', ')}`);
    process.exit(2);
  }
  const chosen = (asked.length > 0 ? asked : SERVICES) as readonly ServiceName[];
  console.log('service       size      files  packages');
  for (const service of chosen) {
    const image = buildImage(service);
    console.log(
      `${service.padEnd(12)} ${(image.bytes / 1024 / 1024).toFixed(1).padStart(6)} MB ${String(image.files).padStart(7)} ${String(image.packages.length).padStart(9)}   ${path.relative(ROOT, image.dir)}`,
    );
  }
}
