/**
 * Bars by station or by manager for one indicator, best first, with the target as a mark line: ECharts in the
 * browser only, loaded lazily after hydration like the trend line (app/ui/charts/trend-chart.tsx). The numbers
 * themselves are in the ranking table beside it.
 */
import { useEffect, useRef } from 'react';

export interface RankingBarsProps {
  names: string[];
  values: Array<number | null>;
  /** Bar colours by target status (green / amber / red), or null for no target. */
  statuses: Array<'green' | 'amber' | 'red' | null>;
  format: 'rate' | 'count' | 'ratio' | 'days' | 'hours';
  target: number | null;
  targetLabel: string;
  language: string;
  label: string;
  loadingText: string;
}

const COLOURS = { green: '#1a7f37', amber: '#bf8700', red: '#cf222e' } as const;

function formatValue(v: number | null | undefined, format: RankingBarsProps['format']): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (format === 'rate') return `${(v * 100).toFixed(1)}%`;
  if (format === 'count') return String(Math.round(v));
  return v.toFixed(format === 'ratio' ? 2 : 1);
}

export function RankingBars({ names, values, statuses, format, target, targetLabel, language, label, loadingText }: RankingBarsProps) {
  const box = useRef<HTMLDivElement>(null);
  const loading = useRef<HTMLParagraphElement>(null);
  // One bar row per name: 28 px each, at least a small chart.
  const height = Math.max(160, 40 + names.length * 28);

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
        grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatValue(typeof v === 'number' ? v : null, format) },
        // Best first from the top.
        yAxis: { type: 'category', data: [...names].reverse(), axisLabel: { width: 96, overflow: 'truncate' } },
        xAxis: {
          type: 'value',
          min: format === 'rate' ? 0 : undefined,
          max: format === 'rate' ? 1 : undefined,
          axisLabel: { formatter: (v: number) => (format === 'rate' ? `${Math.round(v * 100)}%` : String(v)) },
        },
        series: [
          {
            type: 'bar',
            data: [...values]
              .map((v, i) => ({ value: v, itemStyle: { color: statuses[i] ? COLOURS[statuses[i]] : '#8c959f' } }))
              .reverse(),
            label: { show: true, position: 'right', formatter: (p: { value: number | null }) => formatValue(p.value, format) },
            markLine:
              target === null
                ? undefined
                : { symbol: 'none', lineStyle: { type: 'dashed', color: '#1f2328' }, label: { formatter: `${targetLabel} ${formatValue(target, format)}`, position: 'end' }, data: [{ xAxis: target }] },
          },
        ],
      });
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [names, values, statuses, format, target, targetLabel, language]);

  return (
    <div role="img" aria-label={label} style={{ position: 'relative', width: '100%', height }}>
      <p ref={loading} className="muted" style={{ position: 'absolute', margin: '1rem' }}>
        {loadingText}
      </p>
      <div ref={box} data-testid="ranking-bars" style={{ width: '100%', height: '100%' }} />
    </div>
  );
}
