/**
 * 材料与库存 (?propertyId=…) for a manager: the material catalog (settings.get) by category tabs
 * (电料 / 化料 / 水料 / 卫生 / 五金 …) with a search over name and spec, each material with its price
 * in 元 and stock (库存不足 / 无库存 highlighted); a tap edits the entry (settings.materials.save,
 * price in fen), 入库 adds a quantity with a note (stock.receive); 新增材料 creates one (stock 0).
 * The 领料单 tab lists the open requisitions (stock.requisitions): what completions used that stock
 * did not have. A field the server refuses shows beside the field. Loading, empty, error (重试)
 * and 无权查看 states; pull down to refresh.
 */
import type { MaterialSetting } from '../../../../typings/settings';
import { call, fieldErrorsOf, newRequestId, toastFor } from '../../../services/api';
import { fenToYuanText, FORBIDDEN_TEXT, loadAsManager, yuanToFen } from '../manager';
import { categoriesOf, MAX_ROWS, REQUISITIONS_TAB, toRequisitionRow, toRow, visibleMaterials, type MaterialRow, type RequisitionRow } from './view';

type Status = 'loading' | 'ready' | 'error' | 'forbidden';

const EMPTY_FORM = { id: '', category: '', name: '', spec: '', unit: '', price: '' };
type Form = typeof EMPTY_FORM;
const EMPTY_FORM_ERRORS = { category: '', name: '', spec: '', unit: '', price: '' };
type FormErrors = typeof EMPTY_FORM_ERRORS;

const HINTS: Record<string, string> = {
  category: '分类 1–10 个字，如 电料',
  name: '名称 1–30 个字',
  spec: '规格 1–30 个字，如 9W E27',
  unit: '单位 1–6 个字，如 个、米',
  price: '请填写单价（元），最多两位小数',
  qty: '请填写入库数量，大于 0，最多两位小数',
  note: '备注请控制在 200 字以内',
};

const materialsOf = new WeakMap<object, MaterialSetting[]>();

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    forbiddenText: FORBIDDEN_TEXT,
    propertyId: '',
    tabs: [] as string[],
    tabIndex: 0,
    onRequisitions: false,
    query: '',
    rows: [] as MaterialRow[],
    more: 0,
    total: 0,
    requisitionsStatus: 'idle' as 'idle' | 'loading' | 'ready' | 'error',
    requisitions: [] as RequisitionRow[],
    // the edit popup
    formShown: false,
    form: { ...EMPTY_FORM } as Form,
    formErrors: { ...EMPTY_FORM_ERRORS } as FormErrors,
    // the 入库 popup
    receiveShown: false,
    receiveId: '',
    receiveTitle: '',
    receiveStock: '',
    qty: '',
    qtyError: '',
    note: '',
    noteError: '',
    saving: false,
    requestId: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.propertyId) this.setData({ propertyId: query.propertyId });
      void this.load();
    },

    onPullDownRefresh() {
      const done = this.data.onRequisitions ? this.loadRequisitions() : this.load();
      void done.then(() => wx.stopPullDownRefresh());
    },

    retry() {
      void this.load();
    },

    async load(): Promise<void> {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const got = await loadAsManager(this, this.data.propertyId, (role) => call('settings.get', { propertyId: role.propertyId }));
      if (got.kind === 'failed') this.setData(got.view);
      if (got.kind !== 'ready') return;
      const materials = got.value.materials;
      materialsOf.set(this, materials);
      const tabs = [...categoriesOf(materials), REQUISITIONS_TAB];
      this.setData({ status: 'ready', propertyId: got.role.propertyId, tabs, total: materials.length });
      this.showRows();
    },

    /** The rows of the tab (or the search) shown: at most MAX_ROWS. */
    showRows() {
      const { tabs, tabIndex, query } = this.data;
      const all = visibleMaterials(materialsOf.get(this) ?? [], tabs[tabIndex] ?? '', query);
      this.setData({ rows: all.slice(0, MAX_ROWS).map(toRow), more: Math.max(0, all.length - MAX_ROWS) });
    },

    onTabChange(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const index = event.detail.index;
      // vant's tabs answer the new `active` with a change of their own
      if (index === this.data.tabIndex) return;
      const onRequisitions = this.data.tabs[index] === REQUISITIONS_TAB;
      this.setData({ tabIndex: index, onRequisitions });
      if (onRequisitions) void this.loadRequisitions();
      else this.showRows();
    },

    onSearch(event: { detail: string }) {
      this.setData({ query: event.detail ?? '' });
      if (!this.data.onRequisitions) this.showRows();
    },

    async loadRequisitions(): Promise<void> {
      this.setData({ requisitionsStatus: 'loading' });
      try {
        const list = await call('stock.requisitions', { propertyId: this.data.propertyId, status: 'open' });
        this.setData({ requisitionsStatus: 'ready', requisitions: list.slice(0, MAX_ROWS).map(toRequisitionRow) });
      } catch (err) {
        this.setData({ requisitionsStatus: 'error', errorText: toastFor(err) });
      }
    },

    retryRequisitions() {
      void this.loadRequisitions();
    },

    openNew() {
      const category = this.data.tabs[this.data.tabIndex];
      this.setData({
        formShown: true,
        form: { ...EMPTY_FORM, category: category && category !== REQUISITIONS_TAB ? category : '' },
        formErrors: { ...EMPTY_FORM_ERRORS },
        requestId: newRequestId(),
      });
    },

    openEdit(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const m = (materialsOf.get(this) ?? []).find((x) => x.id === event.currentTarget.dataset.id);
      if (!m) return;
      this.setData({
        formShown: true,
        form: { id: m.id, category: m.category, name: m.name, spec: m.spec, unit: m.unit, price: fenToYuanText(m.price) },
        formErrors: { ...EMPTY_FORM_ERRORS },
        requestId: newRequestId(),
      });
    },

    closeForm() {
      if (!this.data.saving) this.setData({ formShown: false });
    },

    onFormField(event: { detail: string; currentTarget: { dataset: { key: keyof Form } } }) {
      const key = event.currentTarget.dataset.key;
      this.setData({ [`form.${key}`]: event.detail, [`formErrors.${key}`]: '' });
    },

    async saveMaterial(): Promise<void> {
      const { form, saving, propertyId, requestId } = this.data;
      if (saving) return;
      const trimmed = { category: form.category.trim(), name: form.name.trim(), spec: form.spec.trim(), unit: form.unit.trim() };
      const price = yuanToFen(form.price);
      const errors: FormErrors = { ...EMPTY_FORM_ERRORS };
      if (!trimmed.category) errors.category = '请填写分类，如 电料';
      if (!trimmed.name) errors.name = '请填写名称';
      if (!trimmed.spec) errors.spec = '请填写规格，如 9W E27';
      if (!trimmed.unit) errors.unit = '请填写单位，如 个';
      if (price === undefined) errors.price = HINTS.price;
      if (Object.values(errors).some((e) => e)) {
        this.setData({ formErrors: errors });
        return;
      }
      this.setData({ saving: true, formErrors: { ...EMPTY_FORM_ERRORS } });
      try {
        const saved = await call('settings.materials.save', { ...(form.id ? { id: form.id } : {}), propertyId, ...trimmed, price: price as number }, { requestId });
        const list = materialsOf.get(this) ?? [];
        const next = list.some((m) => m.id === saved.id) ? list.map((m) => (m.id === saved.id ? saved : m)) : [...list, saved];
        materialsOf.set(this, next);
        const tabs = [...categoriesOf(next), REQUISITIONS_TAB];
        this.setData({ saving: false, formShown: false, tabs, total: next.length });
        this.showRows();
        wx.showToast({ title: form.id ? '已保存' : '已添加', icon: 'success' });
      } catch (err) {
        const fields = fieldErrorsOf(err, HINTS);
        this.setData({
          saving: false,
          formErrors: { category: fields.category ?? '', name: fields.name ?? '', spec: fields.spec ?? '', unit: fields.unit ?? '', price: fields.price ?? '' },
          requestId: newRequestId(),
        });
        wx.showToast({ title: Object.keys(fields).length > 0 ? '请按提示修改后再保存' : toastFor(err), icon: 'none', duration: 2500 });
      }
    },

    openReceive(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const m = (materialsOf.get(this) ?? []).find((x) => x.id === event.currentTarget.dataset.id);
      if (!m) return;
      const row = toRow(m);
      this.setData({
        receiveShown: true,
        receiveId: m.id,
        receiveTitle: `${m.name} ${m.spec}`,
        receiveStock: `${row.stockText} · 单位：${m.unit}`,
        qty: '',
        qtyError: '',
        note: '',
        noteError: '',
        requestId: newRequestId(),
      });
    },

    closeReceive() {
      if (!this.data.saving) this.setData({ receiveShown: false });
    },

    onQty(event: { detail: string }) {
      this.setData({ qty: event.detail, qtyError: '' });
    },

    onNote(event: { detail: string }) {
      this.setData({ note: event.detail, noteError: '' });
    },

    async receive(): Promise<void> {
      const { receiveId, qty, note, saving, requestId } = this.data;
      if (saving) return;
      const text = String(qty).trim();
      const amount = Number(text);
      if (!/^\d{1,6}(\.\d{1,2})?$/.test(text) || !(amount > 0)) {
        this.setData({ qtyError: HINTS.qty });
        return;
      }
      this.setData({ saving: true, qtyError: '', noteError: '' });
      const noteText = note.trim();
      try {
        const updated = await call('stock.receive', { materialId: receiveId, qty: amount, ...(noteText ? { note: noteText } : {}) }, { requestId });
        const list = (materialsOf.get(this) ?? []).map((m) => (m.id === updated.id ? { ...m, stock: updated.stock } : m));
        materialsOf.set(this, list);
        this.setData({ saving: false, receiveShown: false });
        this.showRows();
        wx.showToast({ title: '已入库', icon: 'success' });
      } catch (err) {
        const fields = fieldErrorsOf(err, HINTS);
        this.setData({ saving: false, qtyError: fields.qty ?? '', noteError: fields.note ?? '', requestId: newRequestId() });
        wx.showToast({ title: Object.keys(fields).length > 0 ? '请按提示修改后再入库' : toastFor(err), icon: 'none', duration: 2500 });
      }
    },

    goHome() {
      wx.reLaunch({ url: '/pages/common/home/index' });
    },
  },
});
