/**
 * The ECharts modules the app uses, and nothing else (tree-shaken: line charts with a grid, tooltip, legend
 * and data zoom on a canvas). A `.client` module: Remix keeps it out of the server build, and pages import it
 * lazily so its ~300 KB only load where a chart is shown.
 */
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

export { echarts };
