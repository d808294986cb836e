/**
 * The report's stylesheet. System fonts and a 1200 px column: it is read on a
 * laptop, offline, and printed now and then.
 */
export const REPORT_CSS = `
:root {
  --fg: #1f2937; --muted: #6b7280; --line: #e5e7eb; --soft: #f8fafc; --page: #eef1f5;
  --bad: #b91c1c; --bad-bg: #fdecec; --good: #15803d; --good-bg: #e8f6ed; --accent: #2f6db5;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--page); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
}
main { max-width: 1200px; margin: 0 auto; padding: 28px 36px 64px; background: #fff; min-height: 100vh; }
h1 { font-size: 26px; margin: 0; }
h2 { font-size: 21px; margin: 0; }
h3 { font-size: 16px; margin: 28px 0 10px; }
h1 code { font-size: 20px; font-weight: 500; color: var(--muted); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
p { margin: 6px 0; }
.muted { color: var(--muted); }
.title { display: flex; align-items: center; gap: 14px; flex-wrap: wrap; }
.badge {
  display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 13px; font-weight: 700;
  letter-spacing: 0.04em; text-transform: uppercase;
}
.badge.pass { background: var(--good-bg); color: var(--good); }
.badge.fail { background: var(--bad-bg); color: var(--bad); }
header { padding-bottom: 18px; border-bottom: 1px solid var(--line); }
header .meta { color: var(--muted); margin: 4px 0; }
details { margin-top: 10px; }
summary { cursor: pointer; color: var(--accent); }
pre {
  background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px;
  overflow: auto; font-size: 13px; max-height: 360px;
}
nav { margin-top: 12px; display: flex; gap: 8px; flex-wrap: wrap; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 7px; }
.dot.pass { background: var(--good); }
.dot.fail { background: var(--bad); }
nav a {
  text-decoration: none; color: var(--fg); border: 1px solid var(--line); border-radius: 6px;
  padding: 3px 10px; font-size: 14px; background: var(--soft);
}
section { margin-top: 34px; }
section.scenario { border-top: 3px solid var(--line); padding-top: 22px; }
.scenario > .description { font-size: 16px; margin-top: 10px; }
table.compact { width: auto; min-width: 55%; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 14px; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--soft); color: var(--muted); font-weight: 600; font-size: 13px; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.mark { text-align: center; font-weight: 700; }
td.good, .good { color: var(--good); }
td.bad, tr.bad td { color: var(--bad); background: var(--bad-bg); font-weight: 600; }
td.win { font-weight: 700; }
td.detail { color: var(--muted); font-size: 13px; }
.winner { font-weight: 700; }
.table-scroll { overflow-x: auto; }
.callout {
  border-left: 4px solid #d97706; background: #fffbeb; padding: 8px 14px; margin: 12px 0;
  border-radius: 0 6px 6px 0;
}
.callout ul, .faults ul, .alert ul { margin: 4px 0; padding-left: 20px; }
.faults, .alert { border-left: 4px solid #dc2626; background: #fef6f6; padding: 8px 14px; margin: 12px 0; border-radius: 0 6px 6px 0; }
.faults .planned { color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 18px; }
.chart { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px 10px; min-width: 0; }
.chart h4 { margin: 0 0 6px; font-size: 15px; }
.chart .caption { color: var(--muted); font-size: 12.5px; margin: 6px 0 0; }
.plot { width: 100%; }
.uplot { font-family: inherit; }
.u-legend { font-size: 12.5px; line-height: 1.3; margin-top: 2px; }
.u-legend th { font-weight: 500; }
.u-legend .u-marker {
  width: 24px !important; height: 3px !important; border-width: 0 0 3px 0 !important;
  background: transparent !important;
}
/* The x series names the axis, not a line: the axis label says it already. */
.u-legend .u-series:first-child { display: none !important; }
.u-series > * { padding: 2px 3px; }
.u-inline tr { margin-right: 10px; }
/* Idle, the legend names the lines; the values appear next to them while hovering. */
.u-inline.u-live th::after { content: ''; }
.u-legend .u-value { color: var(--fg); font-weight: 600; }
ul.plain { margin: 4px 0; padding-left: 20px; }
footer { margin-top: 48px; color: var(--muted); font-size: 13px; }
.verdict {
  font-size: 16px; border-left: 4px solid var(--accent); background: #f3f7fc; padding: 10px 14px;
  margin: 8px 0; border-radius: 0 6px 6px 0;
}
/* The crossover grid: each cell tinted with the colour of the better variant (the charts' colours). */
table.xo-grid { width: auto; border-collapse: separate; border-spacing: 3px; }
table.xo-grid th[scope='row'] { color: var(--fg); white-space: nowrap; vertical-align: middle; }
td.xo { min-width: 190px; padding: 8px 10px; border: 0; border-radius: 6px; }
td.xo strong { display: block; font-size: 15px; }
td.xo span { display: block; font-size: 12.5px; line-height: 1.35; }
.xo-sync { background: #fbe4cf; }
.xo-async { background: #dbe7f6; }
.xo-tie { background: #eef1f5; }
td.xo-none { background: var(--soft); color: var(--muted); }
td.xo-sync strong { color: #9a4a07; }
td.xo-async strong { color: #1d4f8c; }
.xo-key span { display: inline-block; padding: 1px 10px; margin-right: 8px; border-radius: 4px; font-size: 13px; }
/* Where the time went: waterfalls of spans (inline SVG) and the critical path by kind. */
.wf { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 14px 0; }
.wf h4 { margin: 0 0 4px; font-size: 15px; }
.wf h4 .muted { font-weight: 400; font-size: 13px; }
svg.waterfall { display: block; margin-top: 8px; }
svg.waterfall .wf-label { font: 11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; fill: var(--fg); }
svg.waterfall .wf-other .wf-label { fill: var(--muted); }
svg.waterfall .wf-other rect { opacity: 0.4; }
svg.waterfall .wf-tick { font-size: 11px; fill: var(--muted); }
svg.waterfall .wf-grid { stroke: var(--line); stroke-width: 1; }
.wf-kinds { display: flex; height: 14px; border-radius: 3px; overflow: hidden; margin: 6px 0 2px; }
.wf-kinds span { display: block; height: 100%; }
.wf-legend span { margin-right: 14px; font-size: 13px; white-space: nowrap; }
.wf-legend i { display: inline-block; width: 12px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
@media (max-width: 700px) { main { padding: 16px; } .charts { grid-template-columns: 1fr; } }
`;
