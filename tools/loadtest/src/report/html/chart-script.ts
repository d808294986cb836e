/**
 * The page's own script: reads the chart specs from the JSON block and draws
 * each with uPlot, shading warm-up and fault windows behind the lines. Plain
 * ES5-style JavaScript in a string, because it runs in the browser as is, with
 * no build step between this file and the report.
 */

/** Height of every chart's plot area and axes, in CSS pixels. */
export const CHART_HEIGHT_PX = 280;

/** Id of the `<script type="application/json">` block that holds the chart specs. */
export const CHART_DATA_ID = 'report-data';

export const CHART_SCRIPT = `
(function () {
  'use strict';
  var HEIGHT = ${CHART_HEIGHT_PX};
  var SIGNIFICANT = 3;
  var LABEL_LINES = 2;
  var LABEL_LINE_PX = 13;
  // Whole seconds on time axes: "5 s", never "2.5 s".
  var SECOND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 3600];
  var specs = JSON.parse(document.getElementById('${CHART_DATA_ID}').textContent).charts;

  function sig(v) { return String(Number(v.toPrecision(SIGNIFICANT))); }
  function num(v) {
    if (v == null || !isFinite(v)) return '';
    return Math.abs(v) >= 1000 ? String(Math.round(v)).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',') : sig(v);
  }
  function ms(v) {
    if (v == null || !isFinite(v)) return '';
    if (v === 0) return '0';
    return Math.abs(v) < 999.5 ? sig(v) + ' ms' : num(v / 1000) + ' s';
  }
  var FORMAT = {
    ms: ms,
    s: function (v) { return v == null ? '' : num(v) + ' s'; },
    rate: function (v) { return v == null ? '' : num(v) + '/s'; },
    count: num,
    percent: function (v) { return v == null ? '' : num(v) + ' %'; }
  };
  var SHADE = {
    warmup: { fill: 'rgba(100, 116, 139, 0.14)', edge: null, text: '#475569', dash: [] },
    fault: { fill: 'rgba(220, 38, 38, 0.15)', edge: 'rgba(185, 28, 28, 0.75)', text: '#991b1b', dash: [] },
    planned: { fill: 'rgba(220, 38, 38, 0.05)', edge: 'rgba(185, 28, 28, 0.55)', text: '#b45353', dash: [5, 4] },
    limit: { fill: 'rgba(217, 119, 6, 0.10)', edge: 'rgba(180, 83, 9, 0.7)', text: '#92400e', dash: [4, 3] }
  };

  function drawShades(u, shades) {
    var ctx = u.ctx;
    var box = u.bbox;
    var px = uPlot.pxRatio;
    ctx.save();
    ctx.font = 11 * px + 'px system-ui, sans-serif';
    var lineHeight = LABEL_LINE_PX * px;
    ctx.textBaseline = 'top';
    shades.forEach(function (s) {
      var x0 = Math.max(box.left, u.valToPos(s.from, 'x', true));
      var x1 = Math.min(box.left + box.width, u.valToPos(s.to, 'x', true));
      if (!(x1 > x0)) return;
      var style = SHADE[s.kind];
      ctx.fillStyle = style.fill;
      ctx.fillRect(x0, box.top, x1 - x0, box.height);
      if (style.edge) {
        ctx.strokeStyle = style.edge;
        ctx.lineWidth = px;
        ctx.setLineDash(style.dash.map(function (d) { return d * px; }));
        ctx.beginPath();
        ctx.moveTo(x0, box.top);
        ctx.lineTo(x0, box.top + box.height);
        ctx.moveTo(x1, box.top);
        ctx.lineTo(x1, box.top + box.height);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      // Labels sit in the padding above the plot, clear of the lines, and stay
      // as wide as their window; the list above the charts has the full text.
      var labelTop = box.top - LABEL_LINES * lineHeight - 2 * px;
      ctx.save();
      ctx.beginPath();
      ctx.rect(x0, labelTop, x1 - x0, box.top + box.height - labelTop);
      ctx.clip();
      ctx.fillStyle = style.text;
      s.label.slice(0, LABEL_LINES).forEach(function (line, i) {
        ctx.fillText(line, x0 + 3 * px, labelTop + i * lineHeight);
      });
      ctx.restore();
    });
    ctx.restore();
  }

  function widthOf(el) { return Math.max(240, el.clientWidth); }

  // Log axes: whole decades, with 2 and 5 in between when the range is short,
  // so a log chart has a handful of lines instead of one per unit.
  function decades(u, min, max) {
    // A log axis with nothing on it (every value a gap) still needs a range.
    if (min == null || max == null) return [1, 10];
    if (!(min > 0)) return [min, max];
    var lo = Math.pow(10, Math.floor(Math.log10(min)));
    var hi = Math.pow(10, Math.ceil(Math.log10(max)));
    return [lo, hi > lo ? hi : lo * 10];
  }
  function logSplits(u, axisIdx, min, max) {
    var steps = Math.log10(max / min) <= 2 ? [1, 2, 5] : [1];
    var out = [];
    for (var d = Math.pow(10, Math.floor(Math.log10(min))); d <= max * 1.0001; d *= 10) {
      steps.forEach(function (m) {
        var v = Number((d * m).toPrecision(SIGNIFICANT));
        if (v >= min * 0.9999 && v <= max * 1.0001) out.push(v);
      });
    }
    return out;
  }
  var LOG = { time: false, distr: 3, log: 10, range: decades };

  function draw(spec, el) {
    var fx = FORMAT[spec.xUnit];
    var fy = FORMAT[spec.yUnit];
    var fy2 = spec.y2 ? FORMAT[spec.y2.unit] : fy;
    // The x value shows in the legend only while the cursor is on the chart.
    var series = [{ label: spec.xLabel }];
    spec.series.forEach(function (s) {
      var second = s.axis === 'y2' && spec.y2;
      var f = second ? fy2 : fy;
      series.push({
        label: s.label,
        stroke: s.color,
        width: 2,
        scale: second ? 'y2' : 'y',
        dash: s.dash ? [6, 4] : undefined,
        points: spec.points ? { show: true, size: 7, fill: s.color } : { show: false },
        paths: spec.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
        value: function (u, v) { return v == null ? '' : f(v); }
      });
    });
    var y = spec.yLog
      ? LOG
      : {
          range: function (u, min, max) {
            if (spec.yRange) return [spec.yRange[0], spec.yRange[1]];
            return [0, max > 0 ? max * 1.1 : 1];
          }
        };
    var axis = {
      stroke: '#475569',
      font: '12px system-ui, sans-serif',
      labelFont: '600 12px system-ui, sans-serif',
      labelSize: 22,
      grid: { stroke: '#e5e7eb', width: 1 },
      ticks: { stroke: '#cbd5e1', width: 1 }
    };
    function logAxis(a, log) { return log ? Object.assign(a, { splits: logSplits }) : a; }
    // On a log x axis every split logSplits chose gets its label: uPlot would keep only the
    // powers of ten, and a sweep of 20, 80 and 200/s would read "10/s … 100/s".
    function allLabels(u, splits) { return splits; }
    var shaded = spec.shades.length > 0;
    var scales = { x: spec.xLog ? LOG : { time: false }, y: y };
    if (spec.xRange) {
      scales.x = Object.assign({}, scales.x, {
        range: function () { return [spec.xRange[0], spec.xRange[1]]; }
      });
    }
    var y2Axes = [];
    if (spec.y2) {
      scales.y2 = { range: function () { return [spec.y2.range[0], spec.y2.range[1]]; } };
      y2Axes.push(
        Object.assign({}, axis, {
          scale: 'y2',
          side: 1,
          label: spec.y2.label,
          size: 56,
          grid: { show: false },
          values: function (u, ticks) { return ticks.map(fy2); }
        })
      );
    }
    var opts = {
      width: widthOf(el),
      height: HEIGHT,
      // Room above the plot for the shaded windows' labels.
      padding: [shaded ? LABEL_LINES * LABEL_LINE_PX + 8 : 12, spec.y2 ? 0 : 16, 0, 0],
      scales: scales,
      axes: [
        logAxis(
          Object.assign({}, axis, {
            label: spec.xLabel,
            incrs: spec.xUnit === 's' ? SECOND_STEPS : undefined,
            filter: spec.xLog ? allLabels : undefined,
            values: function (u, ticks) { return ticks.map(fx); }
          }),
          spec.xLog
        ),
        logAxis(Object.assign({}, axis, { label: spec.yLabel, size: 62, values: function (u, ticks) { return ticks.map(fy); } }), spec.yLog)
      ].concat(y2Axes),
      series: series,
      legend: {
        markers: { dash: function (u, i) { return u.series[i].dash ? 'dashed' : 'solid'; } }
      },
      cursor: { drag: { x: true, y: false } },
      hooks: { drawClear: [function (u) { drawShades(u, spec.shades); }] }
    };
    return new uPlot(opts, [spec.x].concat(spec.series.map(function (s) { return s.values; })), el);
  }

  var drawn = specs.map(function (spec, i) {
    var el = document.getElementById('chart-' + i);
    return { el: el, plot: draw(spec, el) };
  });
  var pending = 0;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () {
      drawn.forEach(function (c) { c.plot.setSize({ width: widthOf(c.el), height: HEIGHT }); });
    });
  });
})();
`;
