/**
 * 数据看板 (?propertyId=…): a period of the property at a glance for a manager or the service
 * center — 本周 / 本月 (default, the 1st to today) / 上月 / 自定义 (van-calendar range); counts and
 * orders by status; rate cards (完成率, 及时到场率, 按时完工率, 满意度, 回访覆盖率, 返修率, 「—」
 * when there is nothing to divide by); response, arrival and completion times; the trend of new
 * and completed orders (components/trend-chart, a bar a day, or a month past 31 days); the top
 * categories and teams; the technician ranking; fees collected; 导出 the period's 报修台账 as an
 * XLSX file (report.export, opened in WeChat to forward). One dashboard.summary and one
 * dashboard.trend per period, side by side. Loading (skeleton), empty (no orders in the period),
 * error (重试) and 无权查看 (residents, technicians) states; pull down to refresh.
 */
import { call, toastFor, ApiCallError } from '../../../services/api';
import { nowMs } from '../../../utils/clock';
import { calendarBounds, calendarMs, dateOfCalendar, MAX_DAYS, PERIOD_TABS, periodOf, periodText, bucketOf, type Period } from './period';
import { openExport } from './export';
import { deskRole, isEmptySummary, toChartPoints, toDashboardView, type ChartPoint, type DashboardView } from './view';

type Status = 'loading' | 'ready' | 'empty' | 'error' | 'forbidden';

const CUSTOM_INDEX = PERIOD_TABS.findIndex((t) => t.key === 'custom');
const DEFAULT_INDEX = PERIOD_TABS.findIndex((t) => t.key === 'month');

/** A load that finished after the period changed (or a refresh started) is dropped. */
const generations = new WeakMap<object, number>();

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    propertyId: '',
    propertyName: '',
    periodTabs: PERIOD_TABS.map((t) => ({ key: t.key, title: t.title })),
    periodIndex: DEFAULT_INDEX,
    from: '',
    to: '',
    periodText: '',
    /** the custom range last picked, kept for 自定义 */
    customFrom: '',
    customTo: '',
    calendarMounted: false,
    calendarShown: false,
    minDate: 0,
    maxDate: 0,
    defaultDate: [] as number[],
    maxRange: MAX_DAYS,
    view: null as DashboardView | null,
    chartPoints: [] as ChartPoint[],
    chartUnit: '每日',
    exporting: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.propertyId) this.setData({ propertyId: query.propertyId });
      this.setPeriod(periodOf('month', nowMs()));
      void this.refresh();
    },

    onPullDownRefresh() {
      void this.refresh().then(() => wx.stopPullDownRefresh());
    },

    retry() {
      void this.refresh();
    },

    /** The tabs: 本周 / 本月 / 上月 at once; 自定义 opens the calendar and waits for its range. */
    onPeriodChange(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const index = event.detail.index;
      const tab = PERIOD_TABS[index];
      // the tabs following a period already shown (a calendar closed without a range)
      if (!tab || index === this.data.periodIndex) return;
      if (tab.key === 'custom') {
        this.openCalendar();
        return;
      }
      this.setData({ periodIndex: index });
      this.setPeriod(periodOf(tab.key, nowMs()));
      void this.load();
    },

    /** A tap on 自定义 while it is already chosen: pick another range. */
    onPeriodClick(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      if (event.detail.index === CUSTOM_INDEX && this.data.periodIndex === CUSTOM_INDEX) this.openCalendar();
    },

    openCalendar() {
      const bounds = calendarBounds(nowMs());
      const { from, to } = this.data;
      this.setData({
        calendarMounted: true,
        calendarShown: true,
        minDate: bounds.minDate,
        maxDate: bounds.maxDate,
        defaultDate: from && to ? [Math.max(bounds.minDate, calendarMs(from)), Math.min(bounds.maxDate, calendarMs(to))] : [bounds.maxDate, bounds.maxDate],
      });
    },

    /** Closed without a range: the tabs show the period still shown. */
    closeCalendar() {
      const periodIndex = this.data.periodIndex;
      this.setData({ calendarShown: false, periodIndex: -1 });
      this.setData({ periodIndex });
    },

    onCalendarConfirm(event: WechatMiniprogram.CustomEvent<Array<Date | number>>) {
      const [start, end] = event.detail ?? [];
      if (!start || !end) return;
      const from = dateOfCalendar(start);
      const to = dateOfCalendar(end);
      this.setData({ calendarShown: false, periodIndex: CUSTOM_INDEX, customFrom: from, customTo: to });
      this.setPeriod({ key: 'custom', from, to });
      void this.load();
    },

    setPeriod(period: Period) {
      this.setData({ from: period.from, to: period.to, periodText: periodText(period, nowMs()) });
    },

    async refresh(): Promise<void> {
      if (!(await this.ensureProperty())) return;
      await this.load();
    },

    /** The property whose figures these are (user.me): a manager's or the service center's. */
    async ensureProperty(): Promise<boolean> {
      const generation = (generations.get(this) ?? 0) + 1;
      generations.set(this, generation);
      this.setData({ status: 'loading' });
      try {
        const me = await call('user.me', {});
        if (generations.get(this) !== generation) return false;
        const role = deskRole(me, this.data.propertyId || undefined);
        if (!role) {
          this.setData({ status: 'forbidden' });
          return false;
        }
        this.setData({ propertyId: role.propertyId, propertyName: role.propertyName || role.propertyId });
        return true;
      } catch (err) {
        if (generations.get(this) !== generation) return false;
        this.setData({ status: 'error', errorText: toastFor(err) });
        return false;
      }
    },

    async load(): Promise<void> {
      const { propertyId, from, to } = this.data;
      if (!propertyId) {
        await this.refresh();
        return;
      }
      const generation = (generations.get(this) ?? 0) + 1;
      generations.set(this, generation);
      this.setData({ status: 'loading' });
      const bucket = bucketOf({ from, to });
      try {
        const [summary, trend] = await Promise.all([
          call('dashboard.summary', { propertyId, from, to }),
          call('dashboard.trend', { propertyId, from, to, bucket }),
        ]);
        if (generations.get(this) !== generation) return;
        if (isEmptySummary(summary)) {
          this.setData({ status: 'empty', view: null, chartPoints: [] });
          return;
        }
        this.setData({
          status: 'ready',
          view: toDashboardView(summary),
          chartPoints: toChartPoints(trend, bucket),
          chartUnit: bucket === 'day' ? '每日' : '每月',
        });
      } catch (err) {
        if (generations.get(this) !== generation) return;
        if (err instanceof ApiCallError && err.code === 'FORBIDDEN') {
          this.setData({ status: 'forbidden' });
          return;
        }
        this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    /** 导出: the period shown, as an XLSX file opened in WeChat's viewer (its menu forwards it). */
    async exportReport(): Promise<void> {
      const { propertyId, from, to, exporting } = this.data;
      if (exporting || !propertyId) return;
      this.setData({ exporting: true });
      try {
        const file = await call('report.export', { propertyId, from, to, format: 'xlsx' });
        await openExport(file);
      } catch (err) {
        wx.showToast({ title: err instanceof ApiCallError ? toastFor(err) : '文件没能打开，请重试', icon: 'none', duration: 2500 });
      } finally {
        this.setData({ exporting: false });
      }
    },
  },
});
