/** One run's latency histogram as an HdrHistogram log (HistogramLogWriter's format). */
import hdr from 'hdr-histogram-js';

const US_PER_MS = 1000;

export interface HdrLogInput {
  /** Compressed base64 histogram, µs. */
  readonly encoded: string;
  /** What it measures, for the log's comment line. */
  readonly title: string;
  /** When the run started (ISO), the log's StartTime. */
  readonly startedAt: string;
  /** The steady window it covers, seconds since the run's start. */
  readonly fromS: number;
  readonly toS: number;
}

/** The log: comments, start time, legend, and the steady window as one interval (max column in ms). */
export function hdrLog(input: HdrLogInput): string {
  const histogram = hdr.decodeFromCompressedBase64(input.encoded);
  let out = '';
  const writer = new hdr.HistogramLogWriter((text) => (out += text));
  writer.outputComment(`${input.title}; values in µs, max column in ms`);
  writer.outputLogFormatVersion();
  const startMs = Date.parse(input.startedAt);
  if (Number.isFinite(startMs)) writer.outputStartTime(startMs);
  writer.outputLegend();
  writer.outputIntervalHistogram(histogram, input.fromS, input.toS, US_PER_MS);
  histogram.destroy();
  return out;
}
