/**
 * A small grouped bar chart drawn as inline SVG: no chart library, no script of its own, the same markup on the
 * server and in the browser (ECharts, app/ui/charts/echarts.client.ts, is for the staff's large charts). It scales
 * with its box; the legend is text, so it follows the large-text mode. The numbers themselves belong in a table
 * beside it (screen readers and printing read that); the chart is one labelled image.
 */
export interface BarSeries {
  name: string;
  /** A CSS class giving the bars their colour (fill). */
  className: string;
}

export interface BarGroup {
  label: string;
  /** One value per series; null draws no bar (unknown). */
  values: ReadonlyArray<number | null>;
}

const WIDTH = 320;
const HEIGHT = 140;
const BASE = 120;
const TOP = 8;
const LABEL_Y = 136;

export function BarChart({ series, groups, label }: { series: readonly BarSeries[]; groups: readonly BarGroup[]; label: string }) {
  const max = Math.max(1, ...groups.flatMap((g) => g.values.map((v) => v ?? 0)));
  const groupWidth = WIDTH / Math.max(1, groups.length);
  const barWidth = Math.max(2, (groupWidth * 0.8) / Math.max(1, series.length));
  return (
    <figure className="bar-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <line x1={0} x2={WIDTH} y1={BASE} y2={BASE} className="bar-chart-axis" />
        {groups.map((g, gi) => (
          <g key={`${g.label}-${gi}`}>
            {g.values.map((v, si) => {
              if (v === null) return null;
              const h = ((BASE - TOP) * Math.max(0, v)) / max;
              return <rect key={si} x={gi * groupWidth + groupWidth * 0.1 + si * barWidth} y={BASE - h} width={barWidth - 1} height={h} className={series[si]?.className} />;
            })}
            <text x={gi * groupWidth + groupWidth / 2} y={LABEL_Y} textAnchor="middle" className="bar-chart-label">
              {g.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="bar-chart-legend">
        {series.map((s) => (
          <span key={s.name}>
            <svg viewBox="0 0 10 10" aria-hidden="true" className="bar-chart-key">
              <rect width={10} height={10} className={s.className} />
            </svg>
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
