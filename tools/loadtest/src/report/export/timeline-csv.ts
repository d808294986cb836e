/** A scenario's per-second timelines, every run of it, as one CSV file. */
import type { ScenarioResult, TimelinePoint } from '../../result/index.js';

const COLUMNS = [
  'variant',
  'repeat',
  't',
  'warmup',
  'offered',
  'achieved',
  'completed',
  'errors',
  'inFlight',
  'incomplete',
  'acceptedP50Ms',
  'acceptedP99Ms',
  'completedP50Ms',
  'completedP99Ms',
  'backlog',
] as const;

const cell = (v: string | number | boolean | null) => (v === null ? '' : String(v));

function row(variant: string, repeat: number, p: TimelinePoint): string {
  const errors = Object.values(p.errors).reduce((a, b) => a + b, 0);
  return [
    variant,
    repeat,
    p.t,
    p.warmup,
    p.offered,
    p.achieved,
    p.completed,
    errors,
    p.inFlight,
    p.incomplete,
    p.acceptedP50,
    p.acceptedP99,
    p.completedP50,
    p.completedP99,
    p.backlog,
  ]
    .map(cell)
    .join(',');
}

export function timelineCsv(scenario: ScenarioResult): string {
  const rows = scenario.variants.flatMap((v) => v.timeline.map((p) => row(v.variant, v.repeat, p)));
  return `${[COLUMNS.join(','), ...rows].join('\n')}\n`;
}
