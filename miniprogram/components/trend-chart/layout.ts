/**
 * The trend chart's geometry: bar heights in percent of a round axis top, labels thinned out to
 * fit under the axis. Pure, so it is tested without rendering (components/trend-chart/index.ts).
 */
export interface Point {
  key: string;
  label: string;
  title: string;
  created: number;
  completed: number;
}

export interface Bar {
  key: string;
  label: string;
  /** read by screen readers, and by tests: 12月7日 新报修 3 已完成 2 */
  aria: string;
  created: number;
  completed: number;
  createdPct: number;
  completedPct: number;
}

/** About this many labels fit under a phone-wide axis. */
const MAX_LABELS = 8;
/** Numbers on top of the bars while there is room for them. */
const MAX_VALUE_BARS = 12;

/** The axis top: the smallest "round" even number at least `max` (so its half is whole too). */
export function axisMax(max: number): number {
  if (max <= 2) return 2;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10]) {
    const top = step * magnitude;
    if (top >= max && Number.isInteger(top) && top % 2 === 0) return top;
  }
  return Math.ceil(max / 2) * 2;
}

function percent(value: number, top: number): number {
  if (value <= 0) return 0;
  // a 1 next to a 40 still shows as a sliver
  return Math.max(2, Math.round((value / top) * 1000) / 10);
}

export function layout(points: Point[]): { bars: Bar[]; ticks: number[]; createdTotal: number; completedTotal: number; showValues: boolean; groupWidth: number } {
  const top = axisMax(Math.max(0, ...points.map((p) => Math.max(p.created, p.completed))));
  const step = Math.max(1, Math.ceil(points.length / MAX_LABELS));
  return {
    bars: points.map((p, i) => ({
      key: p.key,
      label: i % step === 0 ? p.label : '',
      aria: `${p.title} 新报修 ${p.created} 已完成 ${p.completed}`,
      created: p.created,
      completed: p.completed,
      createdPct: percent(p.created, top),
      completedPct: percent(p.completed, top),
    })),
    ticks: [top, top / 2, 0],
    createdTotal: points.reduce((n, p) => n + p.created, 0),
    completedTotal: points.reduce((n, p) => n + p.completed, 0),
    showValues: points.length <= MAX_VALUE_BARS,
    groupWidth: points.length > 0 ? Math.floor((100 / points.length) * 1000) / 1000 : 100,
  };
}

