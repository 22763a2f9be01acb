/**
 * The backtest's trade-off: fill rate against average stock, a line per policy family (the rule at its service
 * levels, B1 at its multipliers) and a point each for B0 and B2. ECharts draws on a canvas in the browser only
 * (it needs a DOM), loaded on first use through the app's one tree-shaken ECharts module (charts/echarts.client)
 * so the page's own JavaScript stays small; the table beside it carries
 * the same numbers for screen readers and for printing.
 */
import { useEffect, useRef } from 'react';

export interface TradeOffSeries {
  name: string;
  points: Array<{ stockPacks: number; fillRate: number; label: string }>;
  kind: 'line' | 'point';
}

export function TradeOffChart({ series, xLabel, yLabel, title }: { series: TradeOffSeries[]; xLabel: string; yLabel: string; title: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const onResize = () => chart?.resize();
    void (async () => {
      const { echarts } = await import('./charts/echarts.client');
      if (disposed || !element.current) return;
      const instance = echarts.init(element.current);
      chart = instance;
      instance.setOption({
        animation: false,
        legend: { top: 0 },
        grid: { left: 56, right: 16, top: 40, bottom: 48 },
        tooltip: {
          trigger: 'item',
          formatter: (p: { seriesName: string; data: [number, number, string] }) =>
            `${p.seriesName} ${p.data[2]}<br/>${xLabel}: ${p.data[0].toFixed(2)}<br/>${yLabel}: ${p.data[1].toFixed(1)}%`,
        },
        xAxis: { type: 'value', name: xLabel, nameLocation: 'middle', nameGap: 28, scale: true },
        yAxis: { type: 'value', name: yLabel, scale: true, axisLabel: { formatter: '{value}%' } },
        series: series.map((s) => ({
          name: s.name,
          type: s.kind === 'line' ? 'line' : 'scatter',
          symbolSize: s.kind === 'line' ? 6 : 12,
          data: s.points.map((p) => [p.stockPacks, 100 * p.fillRate, p.label]),
        })),
      });
      window.addEventListener('resize', onResize);
    })();
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [series, xLabel, yLabel]);
  return <div ref={element} className="chart" role="img" aria-label={title} style={{ width: '100%', height: 340 }} />;
}
