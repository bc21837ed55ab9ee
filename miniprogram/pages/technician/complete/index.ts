/**
 * 完工录入 (?id=): work time, what was done, emergency measures, materials from the catalog
 * (search, 电料/化料/水料/卫生/五金 tabs, quantities, stock), service items, photos, the customer's
 * signature, barcodes of replaced parts, invoice number — and the server's fee preview
 * (order.quote) as it changes. One requestId per form, kept with the draft in storage, so a
 * resubmit after a lost answer is the same completion; the server's field errors land beside
 * their fields.
 */
import type { CatalogMaterial } from '../../../../typings/people-actions';
import { ApiCallError, call, newRequestId, toastFor } from '../../../services/api';
import { formatYuan } from '../../../utils/format';
import { locationText } from '../../../utils/order-view';
import { addPhotos, deletePhoto, uploadedPhotos, type PhotoItem, type UploaderFile } from '../photos';
import {
  EMPTY_FORM,
  MATERIAL_CATEGORIES,
  clearDraft,
  loadDraft,
  saveDraft,
  toFormErrors,
  toPayload,
  toPicked,
  validate,
  type CompleteForm,
  type FormErrors,
} from './form';
import { toQuoteView, type QuoteView } from './quote';

type Status = 'loading' | 'ready' | 'error' | 'closed';

interface PickerRow {
  id: string;
  name: string;
  spec: string;
  priceText: string;
  stockText: string;
  out: boolean;
  picked: boolean;
}

const PICKER_TABS = ['全部', ...MATERIAL_CATEGORIES];
/** a quote follows the last change after this pause, not every stepper tap */
const QUOTE_DELAY_MS = 500;

const catalogs = new WeakMap<object, CatalogMaterial[]>();
const quoteTimers = new WeakMap<object, ReturnType<typeof setTimeout>>();
const quoteSeq = new WeakMap<object, number>();

interface ValueEvent<T> {
  detail: T;
}
type Dataset<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, T>;

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    orderId: '',
    propertyId: '',
    head: { categoryName: '', address: '', orderNo: '' },
    form: { ...EMPTY_FORM } as CompleteForm,
    photos: [] as PhotoItem[],
    errors: {} as FormErrors,
    requestId: '',
    draftRestored: false,
    submitting: false,
    scanning: false,
    // material picker
    pickerShown: false,
    pickerTabs: PICKER_TABS,
    pickerTab: 0,
    query: '',
    catalogStatus: 'idle' as 'idle' | 'loading' | 'ready' | 'error',
    pickerRows: [] as PickerRow[],
    // fee preview
    quoteStatus: 'idle' as 'idle' | 'loading' | 'ready' | 'error',
    quote: null as QuoteView | null,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orderId: query.id ?? '' });
      void this.load();
    },

    onHide() {
      this.keepDraft();
    },

    onUnload() {
      this.keepDraft();
    },

    retry() {
      void this.load();
    },

    async load(): Promise<void> {
      const orderId = this.data.orderId;
      if (!orderId) {
        this.setData({ status: 'error', errorText: '找不到这张工单' });
        return;
      }
      this.setData({ status: 'loading' });
      try {
        const order = await call('order.get', { orderId });
        const draft = loadDraft(orderId);
        this.setData({
          status: order.status === 'in_progress' ? 'ready' : 'closed',
          propertyId: order.propertyId,
          head: { categoryName: order.categoryName, address: locationText(order), orderNo: order.orderNo },
          form: draft?.form ?? { ...EMPTY_FORM },
          requestId: draft?.requestId ?? newRequestId(),
          draftRestored: !!draft,
        });
        if (order.status === 'in_progress') this.requestQuote();
      } catch (err) {
        this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    keepDraft() {
      const { orderId, form, requestId, status } = this.data;
      if (status === 'ready' && orderId && requestId) saveDraft(orderId, { form, requestId });
    },

    /** One field changed: set it, clear its error, keep the draft, re-quote if it costs. */
    setField(patch: Record<string, unknown>, errorKey?: string, costs = false) {
      const data: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(patch)) data[`form.${key}`] = value;
      if (errorKey && this.data.errors[errorKey]) data[`errors.${errorKey}`] = '';
      this.setData(data);
      this.keepDraft();
      if (costs) this.requestQuote();
    },

    onWorkMinutes(event: ValueEvent<number | string>) {
      this.setField({ workMinutes: Number(event.detail) }, 'workMinutes', true);
    },

    onSummary(event: ValueEvent<string>) {
      this.setField({ summary: event.detail }, 'summary');
    },

    onMeasures(event: ValueEvent<string>) {
      this.setField({ measures: event.detail }, 'measures');
    },

    onInvoiceNo(event: ValueEvent<string>) {
      this.setField({ invoiceNo: event.detail }, 'invoiceNo');
    },

    // --- materials -------------------------------------------------------------------------
    openPicker() {
      this.setData({ pickerShown: true });
      if (!catalogs.has(this)) void this.loadCatalog();
      else this.filterCatalog();
    },

    closePicker() {
      this.setData({ pickerShown: false });
    },

    async loadCatalog(): Promise<void> {
      this.setData({ catalogStatus: 'loading' });
      try {
        catalogs.set(this, await call('catalog.materials', { propertyId: this.data.propertyId }));
        this.setData({ catalogStatus: 'ready' });
        this.filterCatalog();
      } catch (err) {
        this.setData({ catalogStatus: 'error', errorText: toastFor(err) });
      }
    },

    onPickerTab(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.setData({ pickerTab: event.detail.index });
      this.filterCatalog();
    },

    onQuery(event: ValueEvent<string>) {
      this.setData({ query: event.detail });
      this.filterCatalog();
    },

    /** The catalog narrowed by tab and search, locally: it is one small list per property. */
    filterCatalog() {
      const category = this.data.pickerTab > 0 ? PICKER_TABS[this.data.pickerTab] : '';
      const q = this.data.query.trim().toLowerCase();
      const picked = new Set(this.data.form.materials.map((m) => m.materialId));
      const rows = (catalogs.get(this) ?? [])
        .filter((m) => !category || m.category === category)
        .filter((m) => !q || `${m.name}${m.spec}`.toLowerCase().includes(q))
        .map((m) => ({
          id: m.id,
          name: m.name,
          spec: m.spec,
          priceText: `${formatYuan(m.price)}/${m.unit}`,
          stockText: m.stock > 0 ? `库存 ${m.stock}${m.unit}` : '无库存，提交后转领料',
          out: m.stock <= 0,
          picked: picked.has(m.id),
        }));
      this.setData({ pickerRows: rows });
    },

    pickMaterial(event: Dataset<{ id: string }>) {
      const id = event.currentTarget.dataset.id;
      const material = (catalogs.get(this) ?? []).find((m) => m.id === id);
      if (!material || this.data.form.materials.some((m) => m.materialId === id)) return;
      this.setField({ materials: [...this.data.form.materials, toPicked(material)] }, 'materials', true);
      this.filterCatalog();
      wx.showToast({ title: `已添加 ${material.name}`, icon: 'none' });
    },

    onMaterialQty(event: ValueEvent<number | string> & Dataset<{ index: number }>) {
      const index = Number(event.currentTarget.dataset.index);
      this.setField({ [`materials[${index}].qty`]: Number(event.detail) }, `materials.${index}`, true);
    },

    removeMaterial(event: Dataset<{ index: number }>) {
      const index = Number(event.currentTarget.dataset.index);
      const materials = this.data.form.materials.filter((_, i) => i !== index);
      // row errors are by index: they no longer point at the same rows
      this.setData({ errors: this.withoutRows('materials') });
      this.setField({ materials }, undefined, true);
    },

    withoutRows(list: 'materials' | 'serviceItems'): FormErrors {
      const errors: FormErrors = {};
      for (const [k, v] of Object.entries(this.data.errors)) if (!k.startsWith(`${list}.`)) errors[k] = v;
      return errors;
    },

    // --- service items ---------------------------------------------------------------------
    addServiceItem() {
      this.setField({ serviceItems: [...this.data.form.serviceItems, { name: '', price: '', qty: 1 }] });
    },

    onItemName(event: ValueEvent<string> & Dataset<{ index: number }>) {
      const index = Number(event.currentTarget.dataset.index);
      this.setField({ [`serviceItems[${index}].name`]: event.detail }, `serviceItems.${index}`, true);
    },

    onItemPrice(event: ValueEvent<string> & Dataset<{ index: number }>) {
      const index = Number(event.currentTarget.dataset.index);
      this.setField({ [`serviceItems[${index}].price`]: event.detail }, `serviceItems.${index}`, true);
    },

    onItemQty(event: ValueEvent<number | string> & Dataset<{ index: number }>) {
      const index = Number(event.currentTarget.dataset.index);
      this.setField({ [`serviceItems[${index}].qty`]: Number(event.detail) }, `serviceItems.${index}`, true);
    },

    removeServiceItem(event: Dataset<{ index: number }>) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({ errors: this.withoutRows('serviceItems') });
      this.setField({ serviceItems: this.data.form.serviceItems.filter((_, i) => i !== index) }, undefined, true);
    },

    // --- photos, signature, barcodes -------------------------------------------------------
    onPhotosRead(event: WechatMiniprogram.CustomEvent<{ file: UploaderFile | UploaderFile[] }>) {
      addPhotos(this, 'photos', event);
    },

    onPhotoDelete(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      deletePhoto(this, 'photos', event.detail.index);
    },

    onSignature(event: ValueEvent<{ fileID: string; url: string }>) {
      this.setField({ signature: { fileID: event.detail.fileID, url: event.detail.url } }, 'signature');
    },

    scanBarcode() {
      if (this.data.scanning) return;
      this.setData({ scanning: true });
      wx.scanCode({
        scanType: ['barCode', 'qrCode'],
        success: (res) => {
          const code = (res.result ?? '').trim().slice(0, 64);
          this.setData({ scanning: false });
          if (!code) return;
          if (this.data.form.partBarcodes.includes(code)) {
            wx.showToast({ title: '这个条码已录入', icon: 'none' });
            return;
          }
          this.setField({ partBarcodes: [...this.data.form.partBarcodes, code] }, 'partBarcodes');
        },
        // a cancelled scan is not an error
        fail: () => this.setData({ scanning: false }),
      });
    },

    removeBarcode(event: Dataset<{ index: number }>) {
      const index = Number(event.currentTarget.dataset.index);
      this.setField({ partBarcodes: this.data.form.partBarcodes.filter((_, i) => i !== index) }, 'partBarcodes');
    },

    // --- fee preview -----------------------------------------------------------------------
    requestQuote() {
      const timer = quoteTimers.get(this);
      if (timer) clearTimeout(timer);
      quoteTimers.set(this, setTimeout(() => void this.loadQuote(), QUOTE_DELAY_MS));
    },

    async loadQuote(): Promise<void> {
      const seq = (quoteSeq.get(this) ?? 0) + 1;
      quoteSeq.set(this, seq);
      const { orderId, form } = this.data;
      if (!(form.workMinutes >= 1)) return;
      this.setData({ quoteStatus: 'loading' });
      try {
        // the summary does not price: a placeholder lets the preview show before it is written
        const payload = toPayload(orderId, { ...form, summary: form.summary.trim() || '费用预估' }, []);
        const fee = await call('order.quote', payload);
        if (quoteSeq.get(this) !== seq) return;
        this.setData({ quoteStatus: 'ready', quote: toQuoteView(fee) });
      } catch {
        if (quoteSeq.get(this) !== seq) return;
        // the preview is a convenience: the server prices the completion itself
        this.setData({ quoteStatus: 'error' });
      }
    },

    retryQuote() {
      void this.loadQuote();
    },

    // --- submit ----------------------------------------------------------------------------
    async submit(): Promise<void> {
      if (this.data.submitting) return;
      const { form, orderId, requestId } = this.data;
      const errors = validate(form);
      const photos = uploadedPhotos(this, 'photos');
      if (photos.busy) errors.photos = '照片还在上传，请稍候';
      if (Object.keys(errors).length > 0) {
        this.setData({ errors });
        wx.showToast({ title: Object.values(errors)[0] ?? '请检查填写的内容', icon: 'none' });
        return;
      }
      this.setData({ submitting: true, errors: {} });
      try {
        // the same requestId on every attempt of this form: a retry never completes twice
        await call('order.complete', toPayload(orderId, form, photos.ids), { requestId });
        clearDraft(orderId);
        this.setData({ submitting: false, status: 'closed', form: { ...EMPTY_FORM }, photos: [], requestId: newRequestId() });
        wx.showToast({ title: '完工已提交，等待住户确认', icon: 'success' });
        wx.navigateBack({ delta: 1 });
      } catch (err) {
        const fieldErrors = toFormErrors(err instanceof ApiCallError ? (err.fields ?? {}) : {});
        this.setData({ submitting: false, errors: fieldErrors });
        // the draft stays with its requestId: a network failure can be retried as the same completion
        this.keepDraft();
        const first = Object.values(fieldErrors)[0];
        wx.showToast({ title: first ?? toastFor(err), icon: 'none', duration: 2500 });
      }
    },

    backToOrder() {
      wx.navigateBack({ delta: 1 });
    },
  },
});
