// How long the three formats of a region's summary take to draw as the region grows: a summary of
// 40 municipalities (Samara's count) beside one of 4, from the same made-up figures, in one run.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register \
//     services/monitoring/scripts/report-render-bench.ts
//
// Drawing is pure CPU on frozen data: no server is involved, so the figures are the renderers'.
import { performance } from 'node:perf_hooks';
import { IRBEY_ROWS, irbeyIndicators, type IrbeyFacts } from '../src/indicators/irbey';
import { samaraIndicators } from '../src/indicators/samara';
import { reportCsv } from '../src/reports/render-csv';
import { reportPdf } from '../src/reports/render-pdf';
import { reportXlsx } from '../src/reports/render-xlsx';
import { recommendationsOf, type ReportData } from '../src/reports/report-data';

const SAMPLES = Number(process.env['SAMPLES'] ?? 5);

function summaryOf(municipalities: number): ReportData {
  const facts = (i: number): IrbeyFacts => ({
    teachers: 100 + i,
    schools: 10 + (i % 7),
    positions: ['teacher', 'preschool-teacher'],
    deficits: Array.from({ length: 40 + i }, (_, t) => ({
      teacherId: `t${t}`,
      competency: ['R/01', 'R/02', 'R/03', 'B/04.6'][t % 4]!,
      year: 2026 - (t % 2),
      source: ['exam-analysis', 'municipal-survey', 'federal-assessment', 'monitoring'][t % 4]!,
    })),
    completions: Array.from({ length: 30 }, (_, t) => ({
      teacherId: `t${t}`,
      programId: `p${t % 3}`,
      year: 2026,
    })),
    notCompleted: [{ teacherId: 't99', year: 2026 }],
    enrollments: [],
    trajectories: [],
    attempts: [],
    programs: new Map(
      ['R/01', 'R/02', 'B/04.6'].map((competency, p) => [
        `p${p}`,
        {
          title: `Программа ${p}`,
          kind: 'advanced-training',
          format: 'distance',
          competencies: [competency],
          targetPositions: ['teacher'],
          employerAssessment: false,
          status: 'approved',
        },
      ]),
    ),
    records: [],
  });
  const irbey = Array.from({ length: municipalities }, (_, i) => ({
    municipalityId: `m${i}`,
    name: `Муниципальный район ${i + 1}`,
    ...irbeyIndicators(facts(i), 2026),
  }));
  return {
    reportId: '00000000-0000-4000-8000-000000000000',
    region: '63',
    year: 2026,
    municipalityId: null,
    scopeName: 'Самарская область',
    title: 'Аналитическая справка: Самарская область, 2026 год',
    issuedAt: '2027-01-15T09:00:00.000Z',
    issuedBy: 'bench',
    samara: samaraIndicators(
      {
        teachers: 45_651,
        deficits: [],
        trajectories: [],
        completions: [],
        categoryAwards: [],
        programCompetencies: new Map(),
        approvedCompetencies: new Set(),
      },
      2026,
    ),
    irbey,
    chart: {
      title: 'Итоговый балл',
      unit: `баллов из ${IRBEY_ROWS.length}`,
      max: 26,
      bars: irbey.map((m) => ({ label: m.name, value: m.total.score, previous: m.totalPreviousYear.score })),
    },
    recommendations: recommendationsOf({
      teachers: 45_651,
      deficits: facts(0).deficits,
      programs: facts(0).programs,
      notPedagogical: [{ position: 'teacher', teachers: 812 }],
    }),
  };
}

async function timed(draw: () => Promise<unknown>): Promise<{ p50: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    await draw();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, max: times.at(-1)! };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const municipalities of [4, 40]) {
    const report = summaryOf(municipalities);
    for (const [format, draw] of [
      ['xlsx', () => reportXlsx(report)],
      ['pdf', () => reportPdf(report)],
      ['csv', async () => reportCsv(report)],
    ] as const) {
      const size = (await draw()).length;
      const { p50, max } = await timed(draw);
      rows.push(
        `${municipalities} municipalities\t${format}\t${p50.toFixed(0)} ms p50\t${max.toFixed(0)} ms max\t${(size / 1024).toFixed(0)} KB`,
      );
    }
  }
  console.log(`samples per shape: ${SAMPLES}\n${rows.join('\n')}`);
}

void main();
