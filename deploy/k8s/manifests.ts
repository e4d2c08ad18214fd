import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = path.join(__dirname, '..', '..');
export const K8S_DIR = path.join(ROOT, 'deploy', 'k8s');
/** Built from its Go module by `node deploy/local/stack.mjs install` (deploy/local/install.mjs). */
export const KUSTOMIZE = path.join(ROOT, '.local', 'install', 'bin', 'kustomize');
/** A public topic's partitions: replicas beyond them leave their consumers idle. */
export const PUBLIC_TOPIC_PARTITIONS = 6;

/** A Kubernetes object as kustomize prints it; the checks read the few fields they need. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** A setting as a service reads it: docs/settings.md's row, for one of the services it names. */
export interface ServiceSetting {
  readonly name: string;
  readonly required: boolean;
  /** `<NAME>_FILE`, when the value may come from a mounted file. */
  readonly file?: string;
}

/**
 * Each service's settings, read from docs/settings.md: the table generated from the services' zod
 * schemas (a unit spec fails while it is stale), so this check loads no service's code.
 */
export function settingsOfServices(
  table = readFileSync(path.join(ROOT, 'docs', 'settings.md'), 'utf8'),
): Map<string, ServiceSetting[]> {
  const services = new Map<string, ServiceSetting[]>();
  for (const line of table.split('\n').filter((text) => text.startsWith('| `'))) {
    const [name, names, required, , file] = line.split(' | ').map((cell) =>
      cell
        .replace(/^\|\s*/, '')
        .replace(/`/g, '')
        .trim(),
    );
    const setting: ServiceSetting = {
      name: name!,
      required: required === 'yes',
      ...(file && file !== '—' ? { file } : {}),
    };
    for (const service of names!.split(',').map((text) => text.trim())) {
      services.set(service, [...(services.get(service) ?? []), setting]);
    }
  }
  return services;
}

export function overlays(): string[] {
  return readdirSync(path.join(K8S_DIR, 'overlays')).sort();
}

let kustomizeChecked = false;

/**
 * kustomize at the version deploy/k8s/kustomize/go.mod pins: in place after `node deploy/local/stack.mjs
 * install` (CI runs it first); built here otherwise (a checkout that only ran `npm ci`, a Docker
 * machine whose stack never installs), which is a hash comparison when it is in place.
 */
function ensureKustomize(): void {
  if (kustomizeChecked) return;
  execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "(await import('./deploy/local/install.mjs')).installKustomize(() => {})"],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (!existsSync(KUSTOMIZE)) throw new Error(`${KUSTOMIZE} is missing after its install`);
  kustomizeChecked = true;
}

/** Every object of an overlay, as `kustomize build deploy/k8s/overlays/<overlay>` makes them. */
export function buildOverlay(overlay: string): KubeObject[] {
  ensureKustomize();
  const yaml = execFileSync(KUSTOMIZE, ['build', path.join(K8S_DIR, 'overlays', overlay)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseAllDocuments(yaml).map((document) => document.toJSON() as KubeObject);
}

/** What the API server's schemas refuse in these objects (deploy/k8s/schemas.mjs, offline). */
export function schemaProblems(objects: readonly KubeObject[]): string[] {
  const answer = execFileSync(process.execPath, [path.join(K8S_DIR, 'schemas.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(answer) as string[];
}

// ---- what the schemas cannot know: the objects against each other and against the services ----

interface Container {
  name: string;
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
}
interface Probe {
  httpGet?: { path: string; port: number | string };
}
interface Volume {
  name: string;
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  configMap?: { name: string; items?: { key: string; path: string }[] };
  persistentVolumeClaim?: { claimName: string };
}
interface PodSpec {
  containers: Container[];
  volumes?: Volume[];
}

/** Variables the image sets or the kit reads beside the settings schema. */
const KIT_VARIABLES = new Set(['MIGRATE_ONLY']);
const PROBE_PATHS: Record<string, string> = {
  startupProbe: '/health/live',
  livenessProbe: '/health/live',
  readinessProbe: '/health/ready',
};

/**
 * What would stop a service or misroute it once applied, though every object is valid: a required
 * setting (docs/settings.md) neither in the environment nor as a mounted file, a variable no setting
 * names, a file setting pointing outside its mounts or at a key its Secret lacks, a probe or Service
 * on a port the container does not serve, more replicas than a topic has partitions.
 */
export function consistencyProblems(
  objects: readonly KubeObject[],
  services: Map<string, ServiceSetting[]> = settingsOfServices(),
): string[] {
  const problems: string[] = [];
  const find = (kind: string, name: string) =>
    objects.find((object) => object.kind === kind && object.metadata.name === name);
  const workloads = objects.filter((object) => object.kind === 'Deployment' || object.kind === 'Job');
  for (const workload of workloads) {
    const what = `${workload.kind} ${workload.metadata.name}`;
    const service = workload.metadata.labels?.['app.kubernetes.io/name'] ?? '';
    const settings = services.get(service);
    if (!settings) {
      problems.push(`${what}: label app.kubernetes.io/name "${service}" names no service`);
      continue;
    }
    const spec = workload['spec'] as { replicas?: unknown; template: { spec: PodSpec } };
    const pod = spec.template.spec;
    const container = pod.containers[0]!;
    const env = environmentOf(container, find, (problem) => problems.push(`${what}: ${problem}`));
    const known = new Set([
      ...KIT_VARIABLES,
      ...settings.flatMap((item) => (item.file ? [item.name, item.file] : [item.name])),
    ]);
    for (const name of env.keys()) {
      if (!known.has(name)) problems.push(`${what}: sets ${name}, which no setting of ${service} reads`);
    }
    for (const item of settings) {
      const file = item.file ? env.get(item.file) : undefined;
      if (item.required && !env.has(item.name) && file === undefined) {
        problems.push(
          `${what}: required setting ${item.name} is missing${item.file ? ` (nor ${item.file})` : ''}`,
        );
      }
      if (file !== undefined) {
        const problem = fileProblem(file, container, pod.volumes ?? [], find);
        if (problem) problems.push(`${what}: ${item.file} ${problem}`);
      }
    }
    for (const volume of pod.volumes ?? []) {
      const claim = volume.persistentVolumeClaim?.claimName;
      if (claim && !find('PersistentVolumeClaim', claim))
        problems.push(`${what}: volume ${volume.name} claims ${claim}, which is not in the build`);
    }
    if (workload.kind === 'Deployment') {
      problems.push(...portProblems(container, env).map((problem) => `${what}: ${problem}`));
      if (typeof spec.replicas === 'number' && spec.replicas > PUBLIC_TOPIC_PARTITIONS) {
        problems.push(
          `${what}: ${spec.replicas} replicas, more than a public topic's ${PUBLIC_TOPIC_PARTITIONS} partitions (the rest consume nothing)`,
        );
      }
    }
  }
  for (const service of objects.filter((object) => object.kind === 'Service')) {
    problems.push(...serviceProblems(service, workloads));
  }
  return problems;
}

/** The container's variables: its own, then its ConfigMaps' and Secrets' (envFrom), as the kubelet sets them. */
function environmentOf(
  container: Container,
  find: (kind: string, name: string) => KubeObject | undefined,
  problem: (text: string) => void,
): Map<string, string> {
  const env = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    const [kind, name] = source.configMapRef
      ? ['ConfigMap', source.configMapRef.name]
      : ['Secret', source.secretRef?.name ?? ''];
    const object = find(kind, name);
    if (!object) {
      problem(`envFrom ${kind} ${name} is not in the build`);
      continue;
    }
    for (const [key, value] of Object.entries((object['data'] ?? {}) as Record<string, string>))
      env.set(key, value);
  }
  // a variable of the container's own wins over envFrom's
  for (const variable of container.env ?? []) env.set(variable.name, variable.value ?? '');
  return env;
}

/** Why a `<NAME>_FILE` path would not be a readable file, or undefined when it would. */
function fileProblem(
  file: string,
  container: Container,
  volumes: readonly Volume[],
  find: (kind: string, name: string) => KubeObject | undefined,
): string | undefined {
  const mount = (container.volumeMounts ?? []).find((candidate) =>
    file.startsWith(`${candidate.mountPath.replace(/\/$/, '')}/`),
  );
  if (!mount) return `${file} is under no volume mount`;
  const volume = volumes.find((candidate) => candidate.name === mount.name);
  const relative = file.slice(mount.mountPath.replace(/\/$/, '').length + 1);
  const source = volume?.secret
    ? { kind: 'Secret', name: volume.secret.secretName, items: volume.secret.items }
    : volume?.configMap
      ? { kind: 'ConfigMap', name: volume.configMap.name, items: volume.configMap.items }
      : undefined;
  if (!source) return `${file} is on volume ${mount.name}, which is no Secret or ConfigMap`;
  const key = source.items ? source.items.find((item) => item.path === relative)?.key : relative;
  if (key === undefined) return `${file}: volume ${mount.name} projects no ${relative}`;
  // a Secret the environment provides (production's secret store) is not in the build to look into
  const object = find(source.kind, source.name);
  const data = (object?.['data'] ?? object?.['stringData']) as Record<string, string> | undefined;
  if (object && !(data && key in data)) return `${file}: ${source.kind} ${source.name} has no key ${key}`;
  return undefined;
}

function portProblems(container: Container, env: Map<string, string>): string[] {
  const problems: string[] = [];
  const ports = container.ports ?? [];
  const port = Number(env.get('PORT'));
  if (!ports.some((candidate) => candidate.containerPort === port))
    problems.push(`PORT ${env.get('PORT')} is none of the container's ports`);
  for (const [probeName, path] of Object.entries(PROBE_PATHS)) {
    const probe = container[probeName as 'livenessProbe'];
    if (!probe?.httpGet) {
      problems.push(`${probeName} is missing (GET ${path})`);
      continue;
    }
    const target = ports.find((candidate) =>
      typeof probe.httpGet!.port === 'number'
        ? candidate.containerPort === probe.httpGet!.port
        : candidate.name === probe.httpGet!.port,
    );
    if (target?.containerPort !== port)
      problems.push(
        `${probeName} asks port ${probe.httpGet.port}, where the service (PORT ${port}) does not listen`,
      );
    if (probe.httpGet.path !== path) problems.push(`${probeName} asks ${probe.httpGet.path}, not ${path}`);
  }
  return problems;
}

function serviceProblems(service: KubeObject, workloads: readonly KubeObject[]): string[] {
  const what = `Service ${service.metadata.name}`;
  const spec = service['spec'] as {
    selector?: Record<string, string>;
    ports: { targetPort?: number | string; port: number }[];
  };
  const selector = Object.entries(spec.selector ?? {});
  const selected = workloads.filter((workload) => {
    if (workload.kind !== 'Deployment') return false;
    const labels = (workload['spec'] as { template: { metadata?: { labels?: Record<string, string> } } })
      .template.metadata?.labels;
    return selector.every(([key, value]) => labels?.[key] === value);
  });
  if (selected.length !== 1) return [`${what} selects ${selected.length} Deployments, not one`];
  const container = (selected[0]!['spec'] as { template: { spec: PodSpec } }).template.spec.containers[0]!;
  return spec.ports.flatMap((port) => {
    const target = port.targetPort ?? port.port;
    const served = (container.ports ?? []).some((candidate) =>
      typeof target === 'number' ? candidate.containerPort === target : candidate.name === target,
    );
    return served ? [] : [`${what}: targetPort ${target} is no port of ${selected[0]!.metadata.name}`];
  });
}

if (require.main === module) {
  // npm run k8s:check: every overlay built and checked, as the spec does
  let failed = false;
  for (const overlay of overlays()) {
    const objects = buildOverlay(overlay);
    const problems = [...schemaProblems(objects), ...consistencyProblems(objects)];
    failed ||= problems.length > 0;
    process.stdout.write(
      `${overlay}: ${objects.length} objects, ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}\n`).join('')}`,
    );
  }
  process.exit(failed ? 1 : 0);
}
