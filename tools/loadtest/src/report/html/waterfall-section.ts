/**
 * "Where the time went" in the HTML report: per variant, the median and the
 * p99 order's spans drawn as a waterfall (an inline SVG, so the page stays
 * self-contained), a bar of its critical path by kind, and what tracing
 * cost an answer. Everything drawn is read off the result.
 */
import type { ScenarioResult, TimeKind, Waterfall } from '../../result/index.js';
import { TIME_KINDS } from '../../result/index.js';
import { formatMs } from '../text/format.js';
import {
  TIME_KIND_LABELS,
  overheadRows,
  pickLabel,
  spanLabel,
  spansLine,
  sumCheckLine,
  timelineLine,
  totalsLine,
  tracingCaption,
  tracingNotes,
  waterfallsOf,
} from '../text/tracing-text.js';
import { escapeHtml } from './escape.js';
import { htmlList, htmlTable, num } from './table.js';

/** The colour of each kind of time: the provider's apart from the stack's own. */
const KIND_COLORS: Readonly<Record<TimeKind, string>> = {
  provider: '#9ca3af',
  processing: '#2f6db5',
  hop: '#d97706',
  queue: '#b91c1c',
  untraced: '#e5e7eb',
};

/** The drawing's geometry, in SVG units (px at 100 %). */
const SVG = {
  width: 1100,
  label: 380,
  row: 16,
  bar: 11,
  axis: 22,
  ticks: 4,
  maxLabel: 56,
  maxDepth: 10,
};
/** A row names its process without the stack, which the block's title says. */
const STACK_PREFIX = /^(sync|async|hybrid)-/;

function truncated(text: string): string {
  return text.length > SVG.maxLabel ? `${text.slice(0, SVG.maxLabel - 1)}…` : text;
}

/** The waterfall's rows as SVG: a label, then a bar from the span's start to its end. */
function waterfallSvg(w: Waterfall): string {
  const spanEnd = Math.max(w.tracedMs, ...w.rows.map((r) => r.startMs + r.durationMs));
  const scale = (SVG.width - SVG.label - 8) / Math.max(spanEnd, 1);
  const x = (ms: number) => SVG.label + Math.max(0, ms) * scale;
  const height = SVG.axis + w.rows.length * SVG.row + 4;
  const ticks = Array.from({ length: SVG.ticks + 1 }, (_, i) => (spanEnd * i) / SVG.ticks).map(
    (ms, i) =>
      `<line x1="${x(ms)}" x2="${x(ms)}" y1="${SVG.axis - 4}" y2="${height}" class="wf-grid"/>` +
      `<text x="${x(ms)}" y="${SVG.axis - 8}" text-anchor="${i === SVG.ticks ? 'end' : 'middle'}" class="wf-tick">${escapeHtml(formatMs(ms))}</text>`,
  );
  const rows = w.rows.map((r, i) => {
    const y = SVG.axis + i * SVG.row;
    const indent = ' '.repeat(Math.min(r.depth, SVG.maxDepth));
    const label = `${indent}${r.service.replace(STACK_PREFIX, '')} · ${spanLabel(r.name)}`;
    const title = `${r.service} · ${r.name}: ${formatMs(r.startMs)} + ${formatMs(r.durationMs)} (${TIME_KIND_LABELS[r.kind]}${r.critical ? ', on the critical path' : ''})`;
    const width = Math.max(1, r.durationMs * scale);
    return (
      `<g class="${r.critical ? 'wf-critical' : 'wf-other'}"><title>${escapeHtml(title)}</title>` +
      `<text x="4" y="${y + SVG.bar}" class="wf-label" xml:space="preserve">${escapeHtml(truncated(label))}</text>` +
      `<rect x="${x(r.startMs)}" y="${y + 2}" width="${width}" height="${SVG.bar}" rx="2" fill="${KIND_COLORS[r.kind]}"/></g>`
    );
  });
  return (
    `<svg class="waterfall" viewBox="0 0 ${SVG.width} ${height}" width="100%" role="img" aria-label="${escapeHtml(`${pickLabel(w)} waterfall`)}">` +
    `${ticks.join('')}${rows.join('')}</svg>`
  );
}

/** The critical path as one bar, a segment per kind, with the provider's time apart. */
function kindBar(w: Waterfall): string {
  const total = Math.max(w.tracedMs, 1e-9);
  const amounts: Record<TimeKind, number> = {
    provider: w.totals.providerMs,
    processing: w.totals.processingMs,
    hop: w.totals.hopMs,
    queue: w.totals.queueMs,
    untraced: w.totals.untracedMs,
  };
  const segments = TIME_KINDS.filter((k) => amounts[k] > 0).map(
    (k) =>
      `<span style="width:${((amounts[k] / total) * 100).toFixed(3)}%;background:${KIND_COLORS[k]}" title="${escapeHtml(`${TIME_KIND_LABELS[k]}: ${formatMs(amounts[k])}`)}"></span>`,
  );
  return `<div class="wf-kinds">${segments.join('')}</div>`;
}

function waterfallBlock(variant: string, w: Waterfall): string {
  const check = `<span class="${w.sumHolds ? 'good' : 'bad'}">${escapeHtml(sumCheckLine(w))}</span>`;
  return [
    `<div class="wf">`,
    `<h4>${escapeHtml(`${variant} · ${pickLabel(w)}`)} <span class="muted">${escapeHtml(`completed in ${formatMs(w.completedMs)} (the run's ${w.pick}: ${formatMs(w.targetMs)}), answered in ${formatMs(w.acceptedMs)}`)}</span></h4>`,
    `<p>${check}</p>`,
    kindBar(w),
    `<p class="muted">${escapeHtml(totalsLine(w))}</p>`,
    waterfallSvg(w),
    `<details><summary>Its timeline, step by step</summary><p>${escapeHtml(timelineLine(w.path))}</p></details>`,
    `</div>`,
  ].join('');
}

const LEGEND = `<p class="wf-legend">${TIME_KINDS.map(
  (k) =>
    `<span><i style="background:${KIND_COLORS[k]}"></i>${escapeHtml(TIME_KIND_LABELS[k])}</span>`,
).join('')}</p>`;

/** The scenario's "where the time went", or nothing when it ran no traced runs. */
export function waterfallSection(scenario: ScenarioResult): string {
  if (!scenario.tracing) return '';
  const blocks = waterfallsOf(scenario).map(([v, w]) => waterfallBlock(v.variant, w));
  const overhead = htmlTable(
    [
      'variant',
      num('accepted p50, untraced'),
      num('accepted p50, traced'),
      num('difference'),
      num('change'),
      'spans',
    ],
    overheadRows(scenario).map((r, i) => [
      r.variant,
      num(r.untraced),
      num(r.traced),
      num(r.delta),
      num(r.change),
      spansLine(scenario.tracing!.variants[i]!),
    ]),
    { className: 'compact' },
  );
  const caption = tracingCaption(scenario);
  return [
    `<h3>Where the time went</h3>`,
    caption ? `<p class="muted">${escapeHtml(caption)}</p>` : '',
    LEGEND,
    blocks.length ? blocks.join('\n') : '<p class="muted">No traced order to draw.</p>',
    htmlList(tracingNotes(scenario)),
    `<h4>What tracing costs an answer</h4>${overhead}`,
  ].join('\n');
}
