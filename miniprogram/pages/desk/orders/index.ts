/**
 * 工单池 / 全部工单 (?tab=pending|processing|completed|all) for the service center and managers:
 * the property's orders (scope 'all') by tab with counts, filtered by category, urgency and
 * overdue, or one order found by its number; 20 a page appended with path updates, pull down to
 * refresh. On 待派单 each row has 派单, and 批量派单 selects several for one technician.
 *
 * The filters go to order.list with the tab's statuses: every page is 20 matching orders.
 */
import type { Order } from '../../../../typings/domain';
import { call, toastFor } from '../../../services/api';
import { photoUrls } from '../../../services/files';
import { nowMs } from '../../../utils/clock';
import { toOrderItem, type OrderItemView } from '../../../utils/order-view';
import { deskRole, FORBIDDEN_TEXT, isForbidden } from '../desk';
import {
  categoryOptions,
  COUNT_LIMIT,
  DESK_TABS,
  deskTabTitle,
  isFiltered,
  filterPayload,
  NO_FILTERS,
  orderNoOf,
  OVERDUE_OPTIONS,
  parentMap,
  URGENCY_OPTIONS,
  type Filters,
} from './list';

type Status = 'loading' | 'ready' | 'error' | 'forbidden';
type Row = OrderItemView & { checked: boolean; pending: boolean };

const generations = new WeakMap<object, number>();
const cursors = new WeakMap<object, string | undefined>();
const parents = new WeakMap<object, Record<string, string>>();
const shown = new WeakSet<object>();

Component({
  data: {
    tabIndex: 0,
    tabs: DESK_TABS.map((t) => ({ key: t.key, title: t.title, empty: t.empty })),
    status: 'loading' as Status,
    errorText: '',
    forbiddenText: FORBIDDEN_TEXT,
    propertyId: '',
    items: [] as Row[],
    done: false,
    loadingMore: false,
    categoryOptions: [{ text: '全部类别', value: '' }],
    urgencyOptions: URGENCY_OPTIONS,
    overdueOptions: OVERDUE_OPTIONS,
    filters: { ...NO_FILTERS } as Filters,
    filtered: false,
    searchText: '',
    /** the order number shown ('' none) */
    searchNo: '',
    searchError: '',
    selecting: false,
    selectedCount: 0,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const index = DESK_TABS.findIndex((t) => t.key === query.tab);
      if (index > 0) this.setData({ tabIndex: index });
      void this.refresh();
    },

    onShow() {
      // back from 派单 or an order: rows and counts have moved on
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
      if (!(await this.ensureProperty())) return;
      await Promise.all([this.loadFirstPage(), this.loadCounts()]);
    },

    async ensureProperty(): Promise<boolean> {
      if (this.data.propertyId) return true;
      this.setData({ status: 'loading' });
      try {
        const role = deskRole(await call('user.me', {}));
        if (!role) {
          this.setData({ status: 'forbidden' });
          return false;
        }
        this.setData({ propertyId: role.propertyId });
        void this.loadCategories(role.propertyId);
        return true;
      } catch (err) {
        this.setData({ status: 'error', errorText: toastFor(err) });
        return false;
      }
    },

    async loadCategories(propertyId: string): Promise<void> {
      try {
        const categories = await call('catalog.categories', { propertyId });
        parents.set(this, parentMap(categories));
        this.setData({ categoryOptions: categoryOptions(categories) });
      } catch {
        // the list works without the category filter
      }
    },

    onTabChange(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.setData({ tabIndex: event.detail.index, selecting: false, selectedCount: 0 });
      void this.loadFirstPage();
    },

    onCategory(event: { detail: string }) {
      this.applyFilter('category', event.detail);
    },

    onUrgency(event: { detail: string }) {
      this.applyFilter('urgency', event.detail);
    },

    onOverdue(event: { detail: string }) {
      this.applyFilter('overdue', event.detail);
    },

    applyFilter(key: keyof Filters, value: string) {
      const filters = { ...this.data.filters, [key]: value } as Filters;
      this.setData({ filters, filtered: isFiltered(filters) });
      void this.loadFirstPage();
    },

    showAll() {
      this.setData({ tabIndex: DESK_TABS.length - 1, selecting: false, selectedCount: 0 });
      void this.loadFirstPage();
    },

    clearFilters() {
      this.setData({ filters: { ...NO_FILTERS }, filtered: false });
      void this.loadFirstPage();
    },

    onSearchInput(event: { detail: string }) {
      this.setData({ searchText: event.detail, searchError: '' });
    },

    onSearch() {
      const text = this.data.searchText.trim();
      if (!text) {
        this.onSearchClear();
        return;
      }
      const orderNo = orderNoOf(text);
      if (!orderNo) {
        this.setData({ searchError: '请输入13位工单号，如 2026120700001' });
        return;
      }
      this.setData({ searchNo: orderNo, searchError: '', selecting: false, selectedCount: 0 });
      void this.loadFirstPage();
    },

    onSearchClear() {
      const wasSearching = this.data.searchNo !== '';
      this.setData({ searchText: '', searchNo: '', searchError: '' });
      if (wasSearching) void this.loadFirstPage();
    },

    async loadFirstPage(): Promise<void> {
      const generation = (generations.get(this) ?? 0) + 1;
      generations.set(this, generation);
      this.setData({ status: 'loading', items: [], done: false, loadingMore: false, selectedCount: 0 });
      try {
        const { orders, cursor } = await this.fetchScreen(undefined);
        if (generations.get(this) !== generation) return;
        cursors.set(this, cursor);
        this.setData({ status: 'ready', items: orders.map((o) => this.row(o)), done: !cursor });
        void this.loadThumbs(orders, 0, generation);
      } catch (err) {
        if (generations.get(this) !== generation) return;
        if (isForbidden(err)) this.setData({ status: 'forbidden' });
        else this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    async loadMore(): Promise<void> {
      const { status, done, loadingMore } = this.data;
      const cursor = cursors.get(this);
      if (status !== 'ready' || done || loadingMore || !cursor) return;
      const generation = generations.get(this) ?? 0;
      this.setData({ loadingMore: true });
      try {
        const page = await this.fetchScreen(cursor);
        if (generations.get(this) !== generation) return;
        cursors.set(this, page.cursor);
        const start = this.data.items.length;
        // path updates: only the new rows cross to the view layer
        const patch: Record<string, unknown> = { loadingMore: false, done: !page.cursor };
        page.orders.forEach((o, i) => {
          patch[`items[${start + i}]`] = this.row(o);
        });
        this.setData(patch);
        void this.loadThumbs(page.orders, start, generation);
      } catch (err) {
        if (generations.get(this) !== generation) return;
        this.setData({ loadingMore: false });
        wx.showToast({ title: toastFor(err), icon: 'none' });
      }
    },

    row(order: Order): Row {
      return { ...toOrderItem(order, nowMs()), checked: false, pending: order.status === 'pending' };
    },

    /** One screen of rows: a server page of the tab, filtered by the server. */
    async fetchScreen(cursor: string | undefined): Promise<{ orders: Order[]; cursor?: string }> {
      const { propertyId, tabIndex, filters, searchNo } = this.data;
      const tab = DESK_TABS[tabIndex];
      const query = searchNo
        ? { propertyId, scope: 'all' as const, orderNo: searchNo }
        : { propertyId, scope: 'all' as const, sort: tab.sort, ...(tab.status ? { status: tab.status } : {}), ...filterPayload(filters, parents.get(this) ?? {}) };
      const page = await call('order.list', { ...query, ...(cursor ? { cursor } : {}) });
      return { orders: page.items, cursor: page.nextCursor };
    },

    async loadCounts(): Promise<void> {
      const propertyId = this.data.propertyId;
      const counted = DESK_TABS.map((t, i) => ({ t, i })).filter(({ t }) => t.counted);
      try {
        const pages = await Promise.all(counted.map(({ t }) => call('order.list', { propertyId, scope: 'all', status: t.status, limit: COUNT_LIMIT })));
        const patch: Record<string, string> = {};
        counted.forEach(({ t, i }, k) => {
          patch[`tabs[${i}].title`] = deskTabTitle(t, pages[k].items.length, !!pages[k].nextCursor);
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
      const id = event.detail.id;
      if (this.data.selecting) {
        this.toggle(id);
        return;
      }
      wx.navigateTo({ url: `/pages/desk/order/index?id=${id}` });
    },

    /** keeps a tap on the row's own button from also opening the order */
    noop() {},

    assignOne(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/pages/desk/assign/index?ids=${event.currentTarget.dataset.id}` });
    },

    // --- 批量派单 -------------------------------------------------------------------------------
    startSelect() {
      this.setData({ selecting: true, selectedCount: 0 });
    },

    cancelSelect() {
      const patch: Record<string, unknown> = { selecting: false, selectedCount: 0 };
      this.data.items.forEach((r, i) => {
        if (r.checked) patch[`items[${i}].checked`] = false;
      });
      this.setData(patch);
    },

    onCheck(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      this.toggle(event.currentTarget.dataset.id);
    },

    toggle(id: string) {
      const index = this.data.items.findIndex((r) => r.id === id);
      if (index < 0 || !this.data.items[index].pending) return;
      const checked = !this.data.items[index].checked;
      this.setData({ [`items[${index}].checked`]: checked, selectedCount: this.data.selectedCount + (checked ? 1 : -1) });
    },

    batchAssign() {
      const ids = this.data.items.filter((r) => r.checked).map((r) => r.id);
      if (ids.length === 0) {
        wx.showToast({ title: '请先勾选要派的工单', icon: 'none' });
        return;
      }
      wx.navigateTo({ url: `/pages/desk/assign/index?ids=${ids.join(',')}` });
    },

    goHome() {
      wx.reLaunch({ url: '/pages/common/home/index' });
    },
  },
});
