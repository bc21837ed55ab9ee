/**
 * 我的报修: the resident's orders by status tab (进行中 and 待评价 show their counts), 20 a page,
 * appended with path updates (`items[20]`, never the whole list again), pull down to refresh,
 * "没有更多了" at the end. Thumbnails arrive after the rows (their URLs are a second call).
 */
import type { Order } from '../../../../typings/domain';
import { call, toastFor } from '../../../services/api';
import { photoUrls } from '../../../services/files';
import { nowMs } from '../../../utils/clock';
import { toOrderItem, type OrderItemView } from '../../../utils/order-view';
import { COUNT_LIMIT, TABS, tabTitle } from './tabs';

type Status = 'loading' | 'ready' | 'error';

/** A load that finished after the tab changed (or a refresh started) is dropped. */
const generations = new WeakMap<object, number>();
const cursors = new WeakMap<object, string | undefined>();
const shown = new WeakSet<object>();

Component({
  data: {
    tabIndex: 0,
    tabs: TABS.map((t) => ({ key: t.key, title: t.title, empty: t.empty })),
    status: 'loading' as Status,
    errorText: '',
    items: [] as OrderItemView[],
    /** no next page */
    done: false,
    loadingMore: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const index = TABS.findIndex((t) => t.key === query.tab);
      if (index > 0) this.setData({ tabIndex: index });
      void this.refresh();
    },

    onShow() {
      // back from an order that changed (cancelled, rated): counts and rows may be stale
      // (the first onShow follows onLoad, which already loads)
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
      await Promise.all([this.loadFirstPage(), this.loadCounts()]);
    },

    async loadFirstPage(): Promise<void> {
      const generation = (generations.get(this) ?? 0) + 1;
      generations.set(this, generation);
      this.setData({ status: 'loading', items: [], done: false, loadingMore: false });
      try {
        const page = await this.fetchPage(undefined);
        if (generations.get(this) !== generation) return;
        cursors.set(this, page.nextCursor);
        const items = page.items.map((o) => toOrderItem(o, nowMs()));
        this.setData({ status: 'ready', items, done: !page.nextCursor });
        void this.loadThumbs(page.items, 0, generation);
      } catch (err) {
        if (generations.get(this) !== generation) return;
        this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    async loadMore(): Promise<void> {
      const { status, done, loadingMore } = this.data;
      const cursor = cursors.get(this);
      if (status !== 'ready' || done || loadingMore || !cursor) return;
      const generation = generations.get(this);
      this.setData({ loadingMore: true });
      try {
        const page = await this.fetchPage(cursor);
        if (generations.get(this) !== generation) return;
        cursors.set(this, page.nextCursor);
        const start = this.data.items.length;
        // path updates: only the new rows cross to the view layer
        const patch: Record<string, unknown> = { loadingMore: false, done: !page.nextCursor };
        page.items.forEach((o, i) => {
          patch[`items[${start + i}]`] = toOrderItem(o, nowMs());
        });
        this.setData(patch);
        void this.loadThumbs(page.items, start, generation ?? 0);
      } catch (err) {
        if (generations.get(this) !== generation) return;
        this.setData({ loadingMore: false });
        wx.showToast({ title: toastFor(err), icon: 'none' });
      }
    },

    fetchPage(cursor: string | undefined) {
      const tab = TABS[this.data.tabIndex];
      return call('order.list', {
        scope: 'mine',
        ...(tab.status ? { status: tab.status } : {}),
        ...(cursor ? { cursor } : {}),
      });
    },

    async loadCounts(): Promise<void> {
      const counted = TABS.map((t, i) => ({ t, i })).filter(({ t }) => t.counted);
      try {
        const pages = await Promise.all(
          counted.map(({ t }) => call('order.list', { scope: 'mine', status: t.status, limit: COUNT_LIMIT })),
        );
        const patch: Record<string, string> = {};
        counted.forEach(({ t, i }, k) => {
          patch[`tabs[${i}].title`] = tabTitle(t, pages[k].items.length, !!pages[k].nextCursor);
        });
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
      wx.navigateTo({ url: `/pages/resident/order/index?id=${event.detail.id}` });
    },

    report() {
      wx.navigateTo({ url: '/pages/resident/report/index' });
    },
  },
});
