// The domain's read queries at a region's scale, each beside the same query at 1 000 documents in
// the same run: the catalog register's search (1 000 vs 20 000 approved programs) and diagnostics'
// overdue-training report (1 000 vs 45 651 teachers). Each service's script (services/*/scripts)
// writes the documents with the service's own projection and times the service's own query class;
// deploy tooling runs them as processes, since it may not import a service.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface QueryFigures {
  /** Every sample of every shape, in milliseconds. */
  readonly samples: number[];
  /** The median of each shape. */
  readonly shapes: Record<string, number>;
}

function run(script: string, documents: number, samples: number): QueryFigures {
  const out = execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', path.join(ROOT, script), String(documents), String(samples)],
    {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json') },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const { shapes } = JSON.parse(out.trim().split('\n').pop()!) as { shapes: Record<string, number[]> };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    samples: Object.values(shapes).flat(),
    shapes: Object.fromEntries(Object.entries(shapes).map(([name, values]) => [name, median(values)])),
  };
}

/** The register's nine search shapes over `programs` approved programs. */
export const registerSearch = (programs: number, samples: number) =>
  run('services/catalog/scripts/register-search-bench.ts', programs, samples);

/** The overdue report (region, municipality, school) and a school's list over `teachers` teachers. */
export const overdueReport = (teachers: number, samples: number) =>
  run('services/diagnostics/scripts/overdue-report-bench.ts', teachers, samples);
