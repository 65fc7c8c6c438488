import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  colour: string;
  values: (number | null)[];
  /** Formats axis and legend values. */
  format?: (v: number) => string;
}

interface Props {
  title: string;
  /** x values in seconds since the epoch (uPlot's time axis). */
  xs: number[];
  series: ChartSeries[];
  height?: number;
  bars?: boolean;
  /** Day ticks labelled with this (for daily buckets) instead of uPlot's clock times. */
  dayLabel?: (ms: number) => string;
  testId?: string;
}

/**
 * A uPlot time-series chart. The plot is made once per series layout and fed with setData
 * afterwards, so a live chart costs no DOM rebuild per point.
 */
export function TimeChart({ title, xs, series, height = 180, bars = false, dayLabel, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const layout = `${series.map((s) => s.label).join('|')}|${bars}`;

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const format = series[0]?.format;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [
        dayLabel === undefined ? {} : { incrs: [86_400, 2 * 86_400, 7 * 86_400, 30 * 86_400], values: (_u: uPlot, vals: number[]) => vals.map((v) => dayLabel(v * 1000)) },
        { size: 60, ...(format === undefined ? {} : { values: (_u: uPlot, vals: number[]) => vals.map((v) => format(v)) }) },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.colour,
          width: 2,
          ...(bars ? { fill: `${s.colour}66`, paths: uPlot.paths.bars?.({ size: [0.6, 40] }) } : {}),
          ...(s.format === undefined ? {} : { value: (_u: uPlot, v: number | null) => (v === null ? '–' : (s.format as (v: number) => string)(v)) }),
        })),
      ],
    };
    const u = new uPlot(opts, [xs, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Rebuilt only when the series change shape; data goes through setData below.
  }, [layout, height]);

  useEffect(() => {
    plot.current?.setData([xs, ...series.map((s) => s.values)] as uPlot.AlignedData);
  }, [xs, series]);

  return (
    <figure class="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={box} />
    </figure>
  );
}
