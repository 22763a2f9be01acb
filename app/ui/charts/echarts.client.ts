/**
 * The ECharts modules the app uses, and nothing else (tree-shaken: line, scatter and bar charts (the monitoring page's rankings, with a target's mark line) with a grid, tooltip and legend on
 * a canvas; data zoom was left out, it cost ~10 KB gzipped for little on 90 points). A `.client` module: Remix
 * keeps it out of the server build, and pages import it lazily, after hydration, so its ~190 KB gzipped (mostly
 * ECharts' core and zrender) load only where a chart is shown.
 */
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, ScatterChart, BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, CanvasRenderer]);

export { echarts };
