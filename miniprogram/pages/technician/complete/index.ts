/**
 * 完工录入 (?id=): work time, what was done, emergency measures, materials from the catalog
 * (search, 电料/化料/水料/卫生/五金 tabs, quantities, stock), service items (picked from the
 * property's settings, or custom ones priced on site), photos, the customer's signature, barcodes
 * of replaced parts, invoice number — and the server's fee preview (order.quote) as it changes.
 * One requestId per form, kept with the draft in storage, so a resubmit after a lost answer is
 * the same completion; the server's field errors land beside their fields.
 *
 * 修改完工记录 (?id=&mode=correct): the same form filled with the recorded completion, sent whole
 * with order.correct, while the reporter has not confirmed it and the fee is not paid.
 */
import type { OrderWithTimeline } from '../../../../typings/domain';
import type { CatalogMaterial } from '../../../../typings/people-actions';
import type { ServiceItemSetting } from '../../../../typings/settings';
import { ApiCallError, call, newRequestId, toastFor } from '../../../services/api';
import { photoUrls } from '../../../services/files';
import { formatYuan } from '../../../utils/format';
import { locationText } from '../../../utils/order-view';
import { addPhotos, deletePhoto, uploadedPhotos, type PhotoItem, type UploaderFile } from '../photos';
import {
  EMPTY_FORM,
  MATERIAL_CATEGORIES,
  clearDraft,
  fromCompletion,
  isCorrectable,
  loadDraft,
  saveDraft,
  toFormErrors,
  toPayload,
  toPicked,
  toPickedItem,
  validate,
  type CompleteForm,
  type FormErrors,
  type FormMode,
} from './form';
import { toQuoteView, type QuoteView } from './quote';

/** done: submitted, on its way back to the order (the form is not shown again) */
type Status = 'loading' | 'ready' | 'error' | 'closed' | 'done';

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

/** What each mode says: the page title, the button, the result, and why the form cannot open. */
const COPY: Record<FormMode, { title: string; submit: string; done: string; closed: string }> = {
  complete: {
    title: '完工录入',
    submit: '提交完工',
    done: '完工已提交，等待住户确认',
    closed: '这张工单现在不能录入完工（签到后、处理中才可以）',
  },
  correct: {
    title: '修改完工记录',
    submit: '提交修改',
    done: '完工记录已修改',
    closed: '住户已确认或费用已支付，完工记录不能再修改',
  },
};

interface ServiceAction {
  id: string;
  name: string;
  subname: string;
  disabled: boolean;
}
/** a quote follows the last change after this pause, not every stepper tap */
const QUOTE_DELAY_MS = 500;

const catalogs = new WeakMap<object, CatalogMaterial[]>();
const serviceLists = new WeakMap<object, ServiceItemSetting[]>();
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
    mode: 'complete' as FormMode,
    copy: COPY.complete,
    orderId: '',
    propertyId: '',
    head: { categoryName: '', address: '', orderNo: '' },
    form: { ...EMPTY_FORM } as CompleteForm,
    photos: [] as PhotoItem[],
    errors: {} as FormErrors,
    requestId: '',
    /** a correction: the record it started from (its departure time and number of corrections) */
    correctionBase: '',
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
    // service items from the property's settings
    servicesStatus: 'idle' as 'idle' | 'loading' | 'ready',
    serviceSheetShown: false,
    serviceActions: [] as ServiceAction[],
    // fee preview
    quoteStatus: 'idle' as 'idle' | 'loading' | 'ready' | 'error',
    quote: null as QuoteView | null,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const mode: FormMode = query.mode === 'correct' ? 'correct' : 'complete';
      this.setData({ orderId: query.id ?? '', mode, copy: COPY[mode] });
      if (mode === 'correct') wx.setNavigationBarTitle({ title: COPY.correct.title });
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
        const head = { categoryName: order.categoryName, address: locationText(order), orderNo: order.orderNo };
        if (this.data.mode === 'correct') {
          this.startCorrection(order, head);
          return;
        }
        const draft = loadDraft(orderId);
        this.setData({
          status: order.status === 'in_progress' ? 'ready' : 'closed',
          propertyId: order.propertyId,
          head,
          form: draft?.form ?? { ...EMPTY_FORM },
          requestId: draft?.requestId ?? newRequestId(),
          draftRestored: !!draft,
        });
        if (order.status === 'in_progress') this.requestQuote();
      } catch (err) {
        this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    /**
     * The recorded completion in the form. A draft of a correction is restored only when it was
     * started from this very record: after someone else's correction it would undo theirs.
     */
    startCorrection(order: OrderWithTimeline, head: { categoryName: string; address: string; orderNo: string }) {
      const completion = order.completion;
      if (!completion || !isCorrectable(order)) {
        this.setData({ status: 'closed', propertyId: order.propertyId, head });
        return;
      }
      // which record: the completion and how many corrections it has had (two may share a second)
      const base = `${completion.departedAt}#${order.timeline.filter((e) => e.step === 'correct').length}`;
      const draft = loadDraft(order.id, 'correct');
      const restored = draft && draft.base === base ? draft : undefined;
      const recorded = fromCompletion(completion);
      const form = restored?.form ?? recorded.form;
      const photos: PhotoItem[] = recorded.photos.map((fileID) => ({ url: fileID, fileID, status: 'done', message: '', deletable: true }));
      this.setData({
        status: 'ready',
        propertyId: order.propertyId,
        head,
        form,
        // photos are not kept in drafts: the recorded ones, as for a completion's fresh form
        photos,
        requestId: restored?.requestId ?? newRequestId(),
        correctionBase: base,
        draftRestored: !!restored,
      });
      void this.showRecordedFiles(recorded.photos, form.signature.fileID);
      this.requestQuote();
    },

    /** <image> links for the recorded photos and signature; the fileIDs stand in until then. */
    async showRecordedFiles(photoIds: string[], signature: string): Promise<void> {
      const ids = signature ? [...photoIds, signature] : photoIds;
      let urls: Record<string, string> = {};
      try {
        urls = ids.length > 0 ? await photoUrls(ids) : {};
      } catch {
        // the record is correctable without its pictures
      }
      const data: Record<string, unknown> = {};
      (this.data.photos as PhotoItem[]).forEach((p, i) => {
        if (urls[p.fileID]) data[`photos[${i}].url`] = urls[p.fileID];
      });
      if (signature && this.data.form.signature.fileID === signature) data['form.signature.url'] = urls[signature] ?? signature;
      if (Object.keys(data).length > 0) this.setData(data);
    },

    keepDraft() {
      const { orderId, form, requestId, status, mode, correctionBase } = this.data;
      if (status !== 'ready' || !orderId || !requestId) return;
      saveDraft(orderId, mode === 'correct' ? { form, requestId, base: correctionBase } : { form, requestId }, mode);
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
    /** 选择服务项目: the property's priced items, loaded on first use (most completions have none). */
    async openServiceSheet(): Promise<void> {
      if (this.data.servicesStatus === 'loading') return;
      if (!serviceLists.has(this)) {
        this.setData({ servicesStatus: 'loading' });
        try {
          serviceLists.set(this, await call('settings.serviceItems.list', { propertyId: this.data.propertyId }));
        } catch (err) {
          this.setData({ servicesStatus: 'idle' });
          wx.showToast({ title: toastFor(err), icon: 'none' });
          return;
        }
      }
      const items = serviceLists.get(this) ?? [];
      if (items.length === 0) {
        this.setData({ servicesStatus: 'ready' });
        wx.showToast({ title: '本小区没有设置服务项目，可添加自定义项目', icon: 'none', duration: 2500 });
        return;
      }
      const picked = new Set(this.data.form.serviceItems.map((i) => i.serviceItemId).filter(Boolean));
      const serviceActions = items.map((i) => ({
        id: i.id,
        name: i.name,
        subname: picked.has(i.id) ? '已添加，可在下方改数量' : `${formatYuan(i.price)}/${i.unit}`,
        disabled: picked.has(i.id),
      }));
      this.setData({ servicesStatus: 'ready', serviceActions, serviceSheetShown: true });
    },

    closeServiceSheet() {
      this.setData({ serviceSheetShown: false });
    },

    onServicePick(event: ValueEvent<{ id: string }>) {
      const item = (serviceLists.get(this) ?? []).find((i) => i.id === event.detail.id);
      this.setData({ serviceSheetShown: false });
      if (!item || this.data.form.serviceItems.some((i) => i.serviceItemId === item.id)) return;
      this.setField({ serviceItems: [...this.data.form.serviceItems, toPickedItem(item)] }, 'serviceItems', true);
    },

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
      const mode = this.data.mode;
      this.setData({ submitting: true, errors: {} });
      try {
        // the same requestId on every attempt of this form: a retry never completes (or corrects) twice
        await call(mode === 'correct' ? 'order.correct' : 'order.complete', toPayload(orderId, form, photos.ids), { requestId });
        clearDraft(orderId, mode);
        this.setData({ submitting: false, status: 'done', form: { ...EMPTY_FORM }, photos: [], requestId: newRequestId() });
        wx.showToast({ title: COPY[mode].done, icon: 'success' });
        wx.navigateBack({ delta: 1 });
      } catch (err) {
        if (mode === 'correct' && err instanceof ApiCallError && err.code === 'CONFLICT') {
          // confirmed or paid meanwhile: nothing here can be sent any more
          clearDraft(orderId, mode);
          this.setData({ submitting: false, status: 'closed' });
          wx.showToast({ title: COPY.correct.closed, icon: 'none', duration: 2500 });
          return;
        }
        const fieldErrors = toFormErrors(err instanceof ApiCallError ? (err.fields ?? {}) : {}, form);
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
