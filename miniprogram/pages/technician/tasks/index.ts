/**
 * 我的任务 (?tab=accepted): the technician's orders by status tab, the open tabs with counts; work
 * to do comes in the server's order by what falls due next (`sort: 'due'`: overdue first, red
 * 已超时, across pages), finished work newest first; 20 a page appended with path updates; pull
 * down to refresh; a link to the grab pool with its count on top.
 */
import type { Order } from '../../../../typings/domain';
import { call, toastFor } from '../../../services/api';
import { photoUrls } from '../../../services/files';
import { nowMs } from '../../../utils/clock';
import { toOrderItem, type OrderItemView } from '../../../utils/order-view';
import { countGrabbable } from '../../../utils/pool';
import { technicianRole } from '../../../utils/roles';
import { COUNT_LIMIT, TASK_TABS, taskTabTitle } from './tabs';

type Status = 'loading' | 'ready' | 'error' | 'not-staff';

/** A load that finished after the tab changed (or a refresh started) is dropped. */
const generations = new WeakMap<object, number>();
const cursors = new WeakMap<object, string | undefined>();
const shown = new WeakSet<object>();

Component({
  data: {
    tabIndex: 0,
    tabs: TASK_TABS.map((t) => ({ key: t.key, title: t.title, empty: t.empty })),
    status: 'loading' as Status,
    errorText: '',
    propertyId: '',
    poolText: '',
    items: [] as OrderItemView[],
    done: false,
    loadingMore: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const index = TASK_TABS.findIndex((t) => t.key === query.tab);
      if (index > 0) this.setData({ tabIndex: index });
      if (query.propertyId) this.setData({ propertyId: query.propertyId });
      void this.refresh();
    },

    onShow() {
      // back from a work order that moved on (accepted, completed): rows and counts are stale
      if (shown.has(this)) void this.refresh();
      shown.add(this);
    },

    onPullDownRefresh() {
      void this.refresh().then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      void this.loadMore();
    },

    onTabChange(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.setData({ tabIndex: event.detail.index });
      void this.loadFirstPage();
    },

    retry() {
      void this.refresh();
    },

    async refresh(): Promise<void> {
      if (!(await this.ensureProperty())) return;
      await Promise.all([this.loadFirstPage(), this.loadCounts()]);
    },

    /** The property the technician works in (user.me), once per page. */
    async ensureProperty(): Promise<boolean> {
      if (this.data.propertyId) return true;
      this.setData({ status: 'loading' });
      try {
        const role = technicianRole(await call('user.me', {}));
        if (!role) {
          this.setData({ status: 'not-staff' });
          return false;
        }
        this.setData({ propertyId: role.propertyId });
        return true;
      } catch (err) {
        this.setData({ status: 'error', errorText: toastFor(err) });
        return false;
      }
    },

    async loadFirstPage(): Promise<void> {
      const generation = (generations.get(this) ?? 0) + 1;
      generations.set(this, generation);
      this.setData({ status: 'loading', items: [], done: false, loadingMore: false });
      try {
        const page = await this.fetchPage(undefined);
        if (generations.get(this) !== generation) return;
        cursors.set(this, page.nextCursor);
        const orders = page.items;
        this.setData({ status: 'ready', items: orders.map((o) => toOrderItem(o, nowMs())), done: !page.nextCursor });
        void this.loadThumbs(orders, 0, generation);
      } catch (err) {
        if (generations.get(this) !== generation) return;
        this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    async loadMore(): Promise<void> {
      const { status, done, loadingMore } = this.data;
      const cursor = cursors.get(this);
      if (status !== 'ready' || done || loadingMore || !cursor) return;
      const generation = generations.get(this) ?? 0;
      this.setData({ loadingMore: true });
      try {
        const page = await this.fetchPage(cursor);
        if (generations.get(this) !== generation) return;
        cursors.set(this, page.nextCursor);
        const start = this.data.items.length;
        const orders = page.items;
        // path updates: only the new rows cross to the view layer
        const patch: Record<string, unknown> = { loadingMore: false, done: !page.nextCursor };
        orders.forEach((o, i) => {
          patch[`items[${start + i}]`] = toOrderItem(o, nowMs());
        });
        this.setData(patch);
        void this.loadThumbs(orders, start, generation);
      } catch (err) {
        if (generations.get(this) !== generation) return;
        this.setData({ loadingMore: false });
        wx.showToast({ title: toastFor(err), icon: 'none' });
      }
    },

    fetchPage(cursor: string | undefined) {
      const tab = TASK_TABS[this.data.tabIndex];
      return call('order.list', {
        propertyId: this.data.propertyId,
        scope: 'assigned',
        status: tab.status,
        sort: tab.sort,
        ...(cursor ? { cursor } : {}),
      });
    },

    async loadCounts(): Promise<void> {
      const propertyId = this.data.propertyId;
      const counted = TASK_TABS.map((t, i) => ({ t, i })).filter(({ t }) => t.counted);
      try {
        const [pages, pool] = await Promise.all([
          Promise.all(counted.map(({ t }) => call('order.list', { propertyId, scope: 'assigned', status: t.status, limit: COUNT_LIMIT }))),
          countGrabbable(propertyId),
        ]);
        const patch: Record<string, string> = {};
        counted.forEach(({ t, i }, k) => {
          patch[`tabs[${i}].title`] = taskTabTitle(t, pages[k].items.length, !!pages[k].nextCursor);
        });
        patch.poolText = pool.count > 0 ? `${pool.count}${pool.more ? '+' : ''} 单可抢` : '暂无可抢的单';
        this.setData(patch);
      } catch {
        // counts are a convenience: the tabs still work without them
      }
    },

    async loadThumbs(orders: Order[], start: number, generation: number): Promise<void> {
      const withPhoto = orders.map((o, i) => ({ id: o.photos[0], i })).filter((x) => !!x.id);
      if (withPhoto.length === 0) return;
      try {
        const urls = await photoUrls(withPhoto.map((x) => x.id));
        if (generations.get(this) !== generation) return;
        const patch: Record<string, string> = {};
        for (const { id, i } of withPhoto) if (urls[id]) patch[`items[${start + i}].thumb`] = urls[id];
        if (Object.keys(patch).length > 0) this.setData(patch);
      } catch {
        // a list without thumbnails is still a list
      }
    },

    openOrder(event: WechatMiniprogram.CustomEvent<{ id: string }>) {
      wx.navigateTo({ url: `/pages/technician/work/index?id=${event.detail.id}` });
    },

    openPool() {
      wx.navigateTo({ url: `/pages/technician/pool/index?propertyId=${this.data.propertyId}` });
    },
  },
});
