/**
 * uPlot's browser build and stylesheet, inlined into every HTML report so it
 * opens offline. Read once when this module loads: printing stays pure, and a
 * missing package fails at start-up rather than halfway through a run.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** uPlot's IIFE build: defines the global `uPlot`. */
export const UPLOT_JS = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');

export const UPLOT_CSS = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
