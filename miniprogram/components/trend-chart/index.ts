/**
 * 报修趋势: new orders and completed visits per day (or month) as pairs of bars, drawn with plain
 * WXML views. No chart library: a canvas chart (echarts-for-weixin, ~1 MB) would not render in
 * miniprogram-simulate or the screenshots and would weigh more than this whole subpackage; two
 * series of at most a few dozen bars need only heights in percent.
 *
 * `points`: [{ key, label, title, created, completed }] (pages/manager/dashboard/view.ts
 * ChartPoint); a label '' leaves its bar unlabelled, and labels thin out to about 8 under the axis.
 */
import { layout, type Bar, type Point } from './layout';

Component({
  properties: {
    points: { type: Array, value: [] as Point[] },
  },
  data: {
    bars: [] as Bar[],
    ticks: [2, 1, 0],
    createdTotal: 0,
    completedTotal: 0,
    showValues: true,
    groupWidth: 100,
  },
  lifetimes: {
    attached() {
      this.setData(layout((this.data.points as Point[]) ?? []));
    },
  },
  observers: {
    points(points: Point[]) {
      this.setData(layout(points ?? []));
    },
  },
});
