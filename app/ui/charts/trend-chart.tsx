/**
 * A daily trend line (one or two series) drawn with ECharts in the browser only: the server renders an empty
 * box of the same size, and the chart library is loaded after hydration. Labels follow the page's language
 * (ECharts' own Chinese or English locale for tooltips and controls).
 */
import { useEffect, useRef } from 'react';

export interface TrendSeries {
  name: string;
  values: Array<number | null>;
  /** The line the page is about (a station or manager beside the county): drawn thicker, its name at its end. */
  focused?: boolean;
}

export interface TrendChartProps {
  days: string[];
  series: TrendSeries[];
  /** 'rate' shows 0–100 %, other formats plain numbers. */
  format: 'rate' | 'count' | 'ratio' | 'days' | 'hours';
  language: string;
  /** Accessible name of the chart (what it shows). */
  label: string;
  loadingText: string;
  height?: number;
}

function formatValue(v: number | null | undefined, format: TrendChartProps['format']): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (format === 'rate') return `${(v * 100).toFixed(1)}%`;
  if (format === 'count') return String(Math.round(v));
  return v.toFixed(1);
}

export function TrendChart({ days, series, format, language, label, loadingText, height = 280 }: TrendChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const loading = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | null = null;
    const onResize = () => chart?.resize();
    void import('./echarts.client').then(({ echarts }) => {
      if (disposed || !box.current) return;
      const c = echarts.init(box.current, undefined, { locale: language === 'en' ? 'EN' : 'ZH', renderer: 'canvas' });
      chart = c;
      if (loading.current) loading.current.hidden = true;
      c.setOption({
        animation: false,
        grid: { left: 48, right: series.some((s) => s.focused) ? 96 : 16, top: series.length > 1 ? 32 : 16, bottom: 28 },
        legend: series.length > 1 ? { top: 0 } : undefined,
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatValue(typeof v === 'number' ? v : null, format) },
        xAxis: { type: 'category', data: days, axisLabel: { formatter: (d: string) => d.slice(5) } },
        yAxis: {
          type: 'value',
          scale: format !== 'rate',
          min: format === 'rate' ? 0 : undefined,
          max: format === 'rate' ? 1 : undefined,
          axisLabel: { formatter: (v: number) => (format === 'rate' ? `${Math.round(v * 100)}%` : String(v)) },
        },
        series: series.map((s) => ({
          name: s.name,
          type: 'line',
          data: s.values,
          connectNulls: false,
          showSymbol: false,
          ...(s.focused
            ? { lineStyle: { width: 3 }, z: 3, endLabel: { show: true, formatter: (p: { seriesName?: string }) => p.seriesName ?? '', fontWeight: 'bold' } }
            : series.some((o) => o.focused)
              ? { lineStyle: { width: 1.5, type: 'dashed' }, itemStyle: { color: '#8c959f' } }
              : {}),
        })),
      });
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [days, series, format, language]);

  return (
    <div role="img" aria-label={label} style={{ position: 'relative', width: '100%', height }}>
      <p ref={loading} className="muted" style={{ position: 'absolute', margin: '1rem' }}>
        {loadingText}
      </p>
      <div ref={box} data-testid="trend-chart" style={{ width: '100%', height: '100%' }} />
    </div>
  );
}
