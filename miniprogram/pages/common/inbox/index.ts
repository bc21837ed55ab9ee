/**
 * 消息中心: every notification of mine (and my desk's), newest first, 20 a page appended with path
 * updates, pull down to refresh, "没有更多了" at the end. Unread items are marked; a tap marks that
 * one read (inbox.read) and opens its order; 全部已读 marks them all. The unread count is kept in
 * storage for the home page's badge (utils/unread.ts).
 */
import { call, toastFor } from '../../../services/api';
import { nowMs } from '../../../utils/clock';
import { toInboxItem, type InboxItemView } from '../../../utils/inbox-view';
import { rememberUnread } from '../../../utils/unread';

type Status = 'loading' | 'ready' | 'error';

/** Per page instance, outside `data`: the next cursor and which load is current. */
const cursors = new WeakMap<object, string | undefined>();
const generations = new WeakMap<object, number>();

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    items: [] as InboxItemView[],
    unread: 0,
    done: false,
    loadingMore: false,
    markingAll: false,
  },

  methods: {
    onLoad() {
      void this.refresh();
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
      // a refresh of a list on screen keeps it until the answer comes (no flash of skeleton)
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      try {
        const page = await call('inbox.list', {});
        if (generations.get(this) !== generation) return;
        cursors.set(this, page.nextCursor);
        this.setData({
          status: 'ready',
          items: page.items.map((i) => toInboxItem(i, nowMs())),
          unread: page.unread,
          done: !page.nextCursor,
          loadingMore: false,
        });
        rememberUnread(page.unread);
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
        const page = await call('inbox.list', { cursor });
        if (generations.get(this) !== generation) return;
        cursors.set(this, page.nextCursor);
        const start = this.data.items.length;
        const patch: Record<string, unknown> = { loadingMore: false, done: !page.nextCursor, unread: page.unread };
        page.items.forEach((item, i) => {
          patch[`items[${start + i}]`] = toInboxItem(item, nowMs());
        });
        this.setData(patch);
      } catch (err) {
        if (generations.get(this) !== generation) return;
        this.setData({ loadingMore: false });
        wx.showToast({ title: toastFor(err), icon: 'none' });
      }
    },

    openItem(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { index: number }>) {
      const index = Number(event.currentTarget.dataset.index);
      const item = this.data.items[index];
      if (!item) return;
      if (item.unread) {
        // shown read at once; the server is told in the background (a failure only leaves it unread there)
        this.setData({ [`items[${index}].unread`]: false, unread: Math.max(0, this.data.unread - 1) });
        void call('inbox.read', { ids: [item.id] })
          .then((res) => {
            this.setData({ unread: res.unread });
            rememberUnread(res.unread);
          })
          .catch(() => undefined);
      }
      if (item.url) wx.navigateTo({ url: item.url });
    },

    async markAllRead(): Promise<void> {
      if (this.data.markingAll || this.data.unread === 0) return;
      this.setData({ markingAll: true });
      try {
        const res = await call('inbox.read', {});
        const patch: Record<string, unknown> = { markingAll: false, unread: res.unread };
        this.data.items.forEach((item, i) => {
          if (item.unread) patch[`items[${i}].unread`] = false;
        });
        this.setData(patch);
        rememberUnread(res.unread);
        wx.showToast({ title: '已全部标为已读', icon: 'success' });
      } catch (err) {
        this.setData({ markingAll: false });
        wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
      }
    },
  },
});
