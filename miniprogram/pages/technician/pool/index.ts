/**
 * 抢单池 (?propertyId=): pending grab-enabled orders of my teams, newest first, urgency shown, the
 * reporter's phone as the server gives it (masked until the order is mine). 抢单 shows progress
 * and one grab runs at a time; a refusal (上限, 已被抢) is said in plain Chinese. A won order opens.
 */
import type { Order } from '../../../../typings/domain';
import { call, toastFor } from '../../../services/api';
import { nowMs } from '../../../utils/clock';
import { toOrderItem, type OrderItemView } from '../../../utils/order-view';
import { fetchGrabbable } from '../../../utils/pool';
import { technicianRole } from '../../../utils/roles';
import { askToSubscribe, preloadTemplates } from '../../../utils/subscribe';
import { grabRefusal } from './grab';

type Status = 'loading' | 'ready' | 'error' | 'not-staff';

export interface PoolItemView extends OrderItemView {
  reporter: string;
}

const generations = new WeakMap<object, number>();
const cursors = new WeakMap<object, string | undefined>();
const shown = new WeakSet<object>();

function toPoolItem(order: Order, now: number): PoolItemView {
  return { ...toOrderItem(order, now), reporter: `${order.reporter.name} ${order.reporter.phone}`.trim() };
}

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    propertyId: '',
    items: [] as PoolItemView[],
    done: false,
    loadingMore: false,
    /** the order being grabbed: its button spins, the others wait */
    grabbingId: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.propertyId) this.setData({ propertyId: query.propertyId });
      void this.refresh();
    },

    onShow() {
      if (shown.has(this)) void this.refresh();
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
      this.setData({ status: 'loading', items: [], done: false, loadingMore: false });
      try {
        if (!this.data.propertyId) {
          const role = technicianRole(await call('user.me', {}));
          if (!role) {
            this.setData({ status: 'not-staff' });
            return;
          }
          this.setData({ propertyId: role.propertyId });
        }
        const page = await fetchGrabbable(this.data.propertyId);
        if (generations.get(this) !== generation) return;
        cursors.set(this, page.nextCursor);
        this.setData({ status: 'ready', items: page.items.map((o) => toPoolItem(o, nowMs())), done: !page.nextCursor });
      } catch (err) {
        if (generations.get(this) !== generation) return;
        this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    async loadMore(): Promise<void> {
      const cursor = cursors.get(this);
      if (this.data.status !== 'ready' || this.data.done || this.data.loadingMore || !cursor) return;
      const generation = generations.get(this) ?? 0;
      this.setData({ loadingMore: true });
      try {
        const page = await fetchGrabbable(this.data.propertyId, cursor);
        if (generations.get(this) !== generation) return;
        cursors.set(this, page.nextCursor);
        const start = this.data.items.length;
        const patch: Record<string, unknown> = { loadingMore: false, done: !page.nextCursor };
        page.items.forEach((o, i) => {
          patch[`items[${start + i}]`] = toPoolItem(o, nowMs());
        });
        this.setData(patch);
      } catch (err) {
        if (generations.get(this) !== generation) return;
        this.setData({ loadingMore: false });
        wx.showToast({ title: toastFor(err), icon: 'none' });
      }
    },

    async grab(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>): Promise<void> {
      const orderId = event.currentTarget.dataset.id;
      // one grab at a time: a second tap (or a tap on another order) waits for the answer
      if (!orderId || this.data.grabbingId) return;
      this.setData({ grabbingId: orderId });
      preloadTemplates();
      try {
        await call('order.grab', { orderId });
        this.setData({ grabbingId: '', items: this.data.items.filter((i) => i.id !== orderId) });
        wx.showToast({ title: '抢单成功，请尽快上门', icon: 'success' });
        // the first order of the day is when new-order notices start to matter
        void askToSubscribe('after_accept', { oncePerDay: true });
        wx.navigateTo({ url: `/pages/technician/work/index?id=${orderId}` });
      } catch (err) {
        const refusal = grabRefusal(err);
        this.setData({
          grabbingId: '',
          ...(refusal.gone ? { items: this.data.items.filter((i) => i.id !== orderId) } : {}),
        });
        if (refusal.brief) wx.showToast({ title: refusal.content, icon: 'none', duration: 2500 });
        else wx.showModal({ title: refusal.title, content: refusal.content, showCancel: false, confirmText: '知道了' });
      }
    },

    /** a tap on the grab row must not also open the order */
    noop() {},

    openOrder(event: WechatMiniprogram.CustomEvent<{ id: string }>) {
      wx.navigateTo({ url: `/pages/technician/work/index?id=${event.detail.id}` });
    },

    openTasks() {
      wx.navigateTo({ url: '/pages/technician/tasks/index' });
    },
  },
});
