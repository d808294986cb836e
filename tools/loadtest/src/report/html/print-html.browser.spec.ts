/**
 * Opens the printed report in a real Chromium, offline, and checks what a
 * person would see: no script errors, every chart drawn, and a screenshot to
 * look at.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chartsFor } from './chart-data.js';
import { crossoverCharts } from './crossover-chart.js';
import { runWithCrossover } from '../../testing/crossover-run.js';
import { printHtml } from './print-html.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const SCREENSHOT = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../test-output/report/report.png',
);
/**
 * Latency, rate, backlog and distribution for each of the fixture's two
 * scenarios, errors for the outage, and one per payment latency of the crossover.
 */
const EXPECTED_CHARTS = 12;
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const BROWSER_TEST_TIMEOUT_MS = 30_000;

interface CanvasInk {
  /** Pixels drawn at all (axes, grid, lines). */
  readonly inked: number;
  /** Pixels in a saturated color: the series lines and the fault shading, not the grey axes. */
  readonly colored: number;
  readonly pixels: number;
}

describe('the HTML report in a browser', () => {
  it.skipIf(!HAS_CHROMIUM)(
    `draws every chart offline without errors${HAS_CHROMIUM ? '' : ` (skipped: no Chromium at ${CHROMIUM})`}`,
    async () => {
      const charts = runWithCrossover.scenarios.flatMap((s) => [
        ...chartsFor(s),
        ...crossoverCharts(s),
      ]);
      expect(charts).toHaveLength(EXPECTED_CHARTS);
      const dir = await mkdtemp(join(tmpdir(), 'loadtest-report-'));
      const file = join(dir, 'index.html');
      await writeFile(file, printHtml(runWithCrossover));
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: LAUNCH_ARGS,
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
        const problems: string[] = [];
        const network: string[] = [];
        const dialogs: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(`console: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        // Offline means offline: anything but the file itself is refused and noted.
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith('file:')) return route.continue();
          network.push(url);
          return route.abort();
        });
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        // A string, not a function: this package compiles without the DOM's types.
        await page.waitForFunction(
          `document.querySelectorAll('canvas').length >= ${EXPECTED_CHARTS}`,
        );

        const ink: CanvasInk[] = await page.$$eval('canvas', (canvases) =>
          canvases.map((c) => {
            const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
            let inked = 0;
            let colored = 0;
            for (let i = 0; i < data.length; i += 4) {
              if (data[i + 3]! === 0) continue;
              inked++;
              const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
              if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colored++;
            }
            return { inked, colored, pixels: data.length / 4 };
          }),
        );

        await mkdir(dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true });

        expect(problems).toEqual([]);
        expect(network).toEqual([]);
        expect(dialogs).toEqual([]);
        expect(ink).toHaveLength(EXPECTED_CHARTS);
        for (const c of ink) {
          expect(c.inked).toBeGreaterThan(c.pixels / 100);
          expect(c.colored).toBeGreaterThan(0);
        }
        expect(existsSync(SCREENSHOT)).toBe(true);
      } finally {
        await browser.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
