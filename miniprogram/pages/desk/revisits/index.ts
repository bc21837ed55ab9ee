/**
 * 回访 for the service center: the calls it owes (revisit.tasks, soonest due first) — the order,
 * the reporter with one tap to call, why the call is owed and by when (red once late) — and the
 * call's record: 满意 / 不满意 / 未接通 with a note (order.revisit). A recorded call leaves the
 * list; pull down to refresh, more on reaching the bottom.
 */
import type { RevisitResult } from '../../../../typings/domain';
import type { RevisitTask } from '../../../../typings/notify';
import { call, fieldErrorsOf, newRequestId, toastFor } from '../../../services/api';
import { nowMs } from '../../../utils/clock';
import { formatAhead } from '../../../utils/time';
import { deskRole, FORBIDDEN_TEXT, isForbidden, REVISIT_REASON_LABELS, REVISIT_RESULTS } from '../desk';

type Status = 'loading' | 'ready' | 'error' | 'forbidden';

interface TaskView {
  orderId: string;
  orderNo: string;
  categoryName: string;
  reporterName: string;
  phone: string;
  canCall: boolean;
  reason: string;
  paid: boolean;
  dueText: string;
  late: boolean;
}

function toTaskView(t: RevisitTask, now: number): TaskView {
  const late = Date.parse(t.dueAt) < now;
  return {
    orderId: t.orderId,
    orderNo: t.orderNo,
    categoryName: t.categoryName,
    reporterName: t.reporter.name,
    phone: t.reporter.phone,
    canCall: /^1\d{10}$/.test(t.reporter.phone),
    reason: REVISIT_REASON_LABELS[t.reason] ?? '待回访',
    paid: t.reason === 'paid',
    dueText: late ? `已逾期 · 应于 ${formatAhead(t.dueAt, now)} 前回访` : `${formatAhead(t.dueAt, now)} 前回访`,
    late,
  };
}

const cursors = new WeakMap<object, string | undefined>();
const generations = new WeakMap<object, number>();
const shown = new WeakSet<object>();

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    forbiddenText: FORBIDDEN_TEXT,
    propertyId: '',
    items: [] as TaskView[],
    done: false,
    loadingMore: false,
    sheetShown: false,
    current: null as TaskView | null,
    results: REVISIT_RESULTS,
    result: '' as RevisitResult | '',
    resultError: '',
    note: '',
    noteError: '',
    submitting: false,
    requestId: '',
  },

  methods: {
    onLoad() {
      void this.refresh();
    },

    onShow() {
      if (shown.has(this) && this.data.propertyId) void this.refresh();
      shown.add(this);
    },

    onPullDownRefresh() {
      void this.refresh().then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      void this.loadMore();
    },

    retry() {
      void this.refresh();
    },

    async refresh(): Promise<void> {
      const generation = (generations.get(this) ?? 0) + 1;
      generations.set(this, generation);
      if (this.data.items.length === 0) this.setData({ status: 'loading' });
      try {
        let propertyId = this.data.propertyId;
        if (!propertyId) {
          const role = deskRole(await call('user.me', {}));
          if (!role) {
            this.setData({ status: 'forbidden' });
            return;
          }
          propertyId = role.propertyId;
          this.setData({ propertyId });
        }
        const page = await call('revisit.tasks', { propertyId });
        if (generations.get(this) !== generation) return;
        cursors.set(this, page.nextCursor);
        this.setData({ status: 'ready', items: page.items.map((t) => toTaskView(t, nowMs())), done: !page.nextCursor, loadingMore: false });
      } catch (err) {
        if (generations.get(this) !== generation) return;
        if (isForbidden(err)) this.setData({ status: 'forbidden' });
        else this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    async loadMore(): Promise<void> {
      const cursor = cursors.get(this);
      if (this.data.status !== 'ready' || this.data.done || this.data.loadingMore || !cursor) return;
      const generation = generations.get(this) ?? 0;
      this.setData({ loadingMore: true });
      try {
        const page = await call('revisit.tasks', { propertyId: this.data.propertyId, cursor });
        if (generations.get(this) !== generation) return;
        cursors.set(this, page.nextCursor);
        const start = this.data.items.length;
        const patch: Record<string, unknown> = { loadingMore: false, done: !page.nextCursor };
        page.items.forEach((t, i) => {
          patch[`items[${start + i}]`] = toTaskView(t, nowMs());
        });
        this.setData(patch);
      } catch (err) {
        this.setData({ loadingMore: false });
        wx.showToast({ title: toastFor(err), icon: 'none' });
      }
    },

    openOrder(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/pages/desk/order/index?id=${event.currentTarget.dataset.id}` });
    },

    callReporter(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { phone: string }>) {
      wx.makePhoneCall({ phoneNumber: event.currentTarget.dataset.phone });
    },

    openRecord(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const current = this.data.items.find((t) => t.orderId === event.currentTarget.dataset.id) ?? null;
      if (!current) return;
      this.setData({ sheetShown: true, current, result: '', resultError: '', note: '', noteError: '', requestId: newRequestId() });
    },

    closeSheet() {
      if (!this.data.submitting) this.setData({ sheetShown: false });
    },

    onResult(event: { detail: RevisitResult }) {
      this.setData({ result: event.detail, resultError: '' });
    },

    onResultTap(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { value: RevisitResult }>) {
      this.setData({ result: event.currentTarget.dataset.value, resultError: '' });
    },

    onNote(event: { detail: string }) {
      this.setData({ note: event.detail, noteError: '' });
    },

    async confirm(): Promise<void> {
      const { current, result, note, submitting, requestId } = this.data;
      if (!current || submitting) return;
      if (!result) {
        this.setData({ resultError: '请选择回访结果' });
        return;
      }
      this.setData({ submitting: true });
      const text = note.trim();
      try {
        await call('order.revisit', { orderId: current.orderId, result, ...(text ? { note: text } : {}) }, { requestId });
        this.setData({
          submitting: false,
          sheetShown: false,
          items: this.data.items.filter((t) => t.orderId !== current.orderId),
        });
        wx.showToast({ title: '回访已记录', icon: 'success' });
      } catch (err) {
        const fields = fieldErrorsOf(err, { note: '回访情况请控制在 300 字以内', result: '请选择回访结果' });
        this.setData({ submitting: false, noteError: fields.note ?? '', resultError: fields.result ?? '' });
        wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
        if (Object.keys(fields).length === 0) {
          this.setData({ requestId: newRequestId() });
          void this.refresh();
        }
      }
    },

    openOrders() {
      wx.navigateTo({ url: '/pages/desk/orders/index' });
    },

    goHome() {
      wx.reLaunch({ url: '/pages/common/home/index' });
    },
  },
});
