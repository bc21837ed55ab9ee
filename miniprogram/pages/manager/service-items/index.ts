/**
 * 服务项目 (?propertyId=…) for a manager: the property's priced service items by sort (disabled ones
 * greyed, settings.serviceItems.list with includeDisabled), each as 名称 · 50 元/次; 新增 or a tap
 * opens a popup form (name, price in 元, unit, sort, 停用) saved with settings.serviceItems.save
 * (price in fen on the wire). A field the server refuses shows its error beside the field.
 * Loading, empty (新增), error (重试) and 无权查看 states; pull down to refresh.
 */
import type { ServiceItemSetting } from '../../../../typings/settings';
import { call, fieldErrorsOf, newRequestId, toastFor } from '../../../services/api';
import { fenToYuanText, FORBIDDEN_TEXT, loadAsManager, yuanText, yuanToFen } from '../manager';

type Status = 'loading' | 'ready' | 'error' | 'forbidden';

interface ItemView {
  id: string;
  name: string;
  priceText: string;
  sort: number;
  disabled: boolean;
}

interface Form {
  id: string;
  name: string;
  price: string;
  unit: string;
  sort: string;
  disabled: boolean;
}

const EMPTY_FORM: Form = { id: '', name: '', price: '', unit: '次', sort: '', disabled: false };
const EMPTY_ERRORS = { name: '', price: '', unit: '', sort: '' };
type Errors = typeof EMPTY_ERRORS;

const HINTS: Record<string, string> = {
  name: '名称 1–20 个字',
  price: '请填写单价（元），最多两位小数',
  unit: '单位 1–6 个字，如 次、项、米',
  sort: '排序为 0–100000 的整数',
};

function toItemView(s: ServiceItemSetting): ItemView {
  return { id: s.id, name: s.name, priceText: `${yuanText(s.price)} 元/${s.unit}`, sort: s.sort, disabled: s.disabled };
}

/** The raw items, to fill the form of the one tapped. */
const itemsOf = new WeakMap<object, ServiceItemSetting[]>();

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    forbiddenText: FORBIDDEN_TEXT,
    propertyId: '',
    items: [] as ItemView[],
    enabledCount: 0,
    formShown: false,
    form: { ...EMPTY_FORM } as Form,
    errors: { ...EMPTY_ERRORS } as Errors,
    saving: false,
    requestId: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.propertyId) this.setData({ propertyId: query.propertyId });
      void this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    retry() {
      void this.load();
    },

    async load(): Promise<void> {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const got = await loadAsManager(this, this.data.propertyId, (role) => call('settings.serviceItems.list', { propertyId: role.propertyId, includeDisabled: true }));
      if (got.kind === 'failed') this.setData(got.view);
      if (got.kind !== 'ready') return;
      this.show(got.role.propertyId, got.value);
    },

    show(propertyId: string, items: ServiceItemSetting[]) {
      const sorted = [...items].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name));
      itemsOf.set(this, sorted);
      this.setData({
        status: 'ready',
        propertyId,
        items: sorted.map(toItemView),
        enabledCount: sorted.filter((s) => !s.disabled).length,
      });
    },

    openNew() {
      const items = itemsOf.get(this) ?? [];
      const nextSort = items.reduce((n, s) => Math.max(n, s.sort), 0) + 10;
      this.setData({ formShown: true, form: { ...EMPTY_FORM, sort: String(nextSort) }, errors: { ...EMPTY_ERRORS }, requestId: newRequestId() });
    },

    openEdit(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const item = (itemsOf.get(this) ?? []).find((s) => s.id === event.currentTarget.dataset.id);
      if (!item) return;
      this.setData({
        formShown: true,
        form: { id: item.id, name: item.name, price: fenToYuanText(item.price), unit: item.unit, sort: String(item.sort), disabled: item.disabled },
        errors: { ...EMPTY_ERRORS },
        requestId: newRequestId(),
      });
    },

    closeForm() {
      if (!this.data.saving) this.setData({ formShown: false });
    },

    onName(event: { detail: string }) {
      this.setData({ 'form.name': event.detail, 'errors.name': '' });
    },

    onPrice(event: { detail: string }) {
      this.setData({ 'form.price': event.detail, 'errors.price': '' });
    },

    onUnit(event: { detail: string }) {
      this.setData({ 'form.unit': event.detail, 'errors.unit': '' });
    },

    onSort(event: { detail: string }) {
      this.setData({ 'form.sort': event.detail, 'errors.sort': '' });
    },

    onDisabled(event: { detail: boolean }) {
      this.setData({ 'form.disabled': event.detail });
    },

    async save(): Promise<void> {
      const { form, saving, propertyId, requestId } = this.data;
      if (saving) return;
      const name = form.name.trim();
      const unit = form.unit.trim();
      const price = yuanToFen(form.price);
      const sortText = form.sort.trim();
      const sort = sortText === '' ? 0 : Number(sortText);
      const errors: Errors = { ...EMPTY_ERRORS };
      if (!name) errors.name = '请填写名称';
      if (price === undefined) errors.price = HINTS.price;
      if (!unit) errors.unit = '请填写单位，如 次';
      if (!/^\d{0,6}$/.test(sortText)) errors.sort = HINTS.sort;
      if (errors.name || errors.price || errors.unit || errors.sort) {
        this.setData({ errors });
        return;
      }
      this.setData({ saving: true, errors: { ...EMPTY_ERRORS } });
      try {
        const saved = await call(
          'settings.serviceItems.save',
          { ...(form.id ? { id: form.id } : {}), propertyId, name, price: price as number, unit, sort, disabled: form.disabled },
          { requestId },
        );
        const items = itemsOf.get(this) ?? [];
        const next = items.some((s) => s.id === saved.id) ? items.map((s) => (s.id === saved.id ? saved : s)) : [...items, saved];
        this.show(propertyId, next);
        this.setData({ saving: false, formShown: false });
        wx.showToast({ title: form.id ? '已保存' : '已添加', icon: 'success' });
      } catch (err) {
        const fields = fieldErrorsOf(err, HINTS);
        this.setData({
          saving: false,
          errors: { name: fields.name ?? '', price: fields.price ?? '', unit: fields.unit ?? '', sort: fields.sort ?? '' },
          requestId: newRequestId(),
        });
        wx.showToast({ title: Object.keys(fields).length > 0 ? '请按提示修改后再保存' : toastFor(err), icon: 'none', duration: 2500 });
      }
    },

    goHome() {
      wx.reLaunch({ url: '/pages/common/home/index' });
    },
  },
});
