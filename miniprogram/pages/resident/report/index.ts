/**
 * 报修 report form: category (two levels), description, photos, location, urgency, appointment.
 * The draft is saved to storage on every change, so leaving the page (or WeChat killing it)
 * loses nothing; one requestId per form makes a resubmit after a lost answer the same order.
 */
import type { CatalogCategory } from '../../../../typings/people-actions';
import { ApiCallError, call, fieldErrorsOf, newRequestId, toastFor } from '../../../services/api';
import { compress, uploadPhoto } from '../../../services/files';
import { nowMs } from '../../../utils/clock';
import { residentRole } from '../../../utils/roles';
import { askToSubscribe, preloadTemplates } from '../../../utils/subscribe';
import { formatDay, nextDays } from '../../../utils/time';
import {
  EMPTY_FORM,
  FIELD_HINTS,
  categoryTree,
  clearDraft,
  isBlank,
  loadDraft,
  saveDraft,
  slotOptions,
  toFormErrors,
  toPayload,
  validate,
  type CascaderOption,
  type FormErrors,
  type PhotoItem,
  type ReportForm,
  type SlotOption,
} from './form';

type Status = 'loading' | 'ready' | 'error' | 'unregistered';
type SlotsStatus = 'idle' | 'loading' | 'ready' | 'error';

const MAX_PHOTOS = 9;
const DAYS_AHEAD = 7;

/** catalog per page instance: kind/publicArea of the chosen category, not needed in the view */
const catalogs = new WeakMap<object, CatalogCategory[]>();

/** vant's field, switch and radio-group send the new value itself as `detail` */
interface ValueEvent<T> {
  detail: T;
}

interface UploaderFile {
  url?: string;
  tempFilePath?: string;
}

Component({
  data: {
    status: 'loading' as Status,
    errorText: '',
    propertyId: '',
    propertyName: '',
    categoryOptions: [] as CascaderOption[],
    categoryPickerShown: false,
    form: { ...EMPTY_FORM } as ReportForm,
    photos: [] as PhotoItem[],
    maxPhotos: MAX_PHOTOS,
    errors: {} as FormErrors,
    /** matters (投诉, 建议) are not visits: no appointment */
    bookable: false,
    slotPickerShown: false,
    days: [] as { date: string; label: string; day: string }[],
    dayIndex: 0,
    slots: [] as SlotOption[],
    slotsStatus: 'idle' as SlotsStatus,
    draftRestored: false,
    submitting: false,
    requestId: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void this.load(query.propertyId);
    },

    onHide() {
      this.keepDraft();
    },

    onUnload() {
      this.keepDraft();
    },

    retry() {
      void this.load(this.data.propertyId || undefined);
    },

    async load(preferredProperty?: string): Promise<void> {
      this.setData({ status: 'loading' });
      try {
        const me = await call('user.me', {});
        const role = residentRole(me, preferredProperty);
        if (!role) {
          this.setData({ status: 'unregistered' });
          return;
        }
        const categories = await call('catalog.categories', { propertyId: role.propertyId });
        catalogs.set(this, categories);
        const draft = loadDraft(role.propertyId);
        this.setData({
          status: 'ready',
          propertyId: role.propertyId,
          propertyName: role.propertyName,
          categoryOptions: categoryTree(categories),
          form: draft?.form ?? { ...EMPTY_FORM },
          photos: draft?.photos ?? [],
          requestId: draft?.requestId ?? newRequestId(),
          draftRestored: !!draft && !isBlank(draft.form, draft.photos),
          bookable: draft ? this.isBookable(draft.form.categoryId) : false,
          days: nextDays(nowMs(), DAYS_AHEAD),
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: toastFor(err) });
      }
    },

    isBookable(categoryId: string): boolean {
      const category = (catalogs.get(this) ?? []).find((c) => c.id === categoryId);
      return !!category && category.kind === 'repair';
    },

    keepDraft() {
      const { propertyId, form, photos, requestId } = this.data;
      if (!propertyId || !requestId) return;
      if (isBlank(form, photos)) clearDraft(propertyId);
      else saveDraft(propertyId, { form, photos, requestId });
    },

    /** One field changed: update it, clear its error, keep the draft. */
    setField(patch: Partial<ReportForm>, clearError?: keyof FormErrors) {
      const data: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(patch)) data[`form.${key}`] = value;
      if (clearError && this.data.errors[clearError]) data[`errors.${clearError}`] = '';
      this.setData(data);
      this.keepDraft();
    },

    clearDraftForm() {
      clearDraft(this.data.propertyId);
      this.setData({ form: { ...EMPTY_FORM }, photos: [], errors: {}, draftRestored: false, bookable: false, requestId: newRequestId() });
    },

    // --- category --------------------------------------------------------------------------
    openCategoryPicker() {
      this.setData({ categoryPickerShown: true });
    },

    closeCategoryPicker() {
      this.setData({ categoryPickerShown: false });
    },

    onCategoryFinish(event: WechatMiniprogram.CustomEvent<{ value: string; selectedOptions: CascaderOption[] }>) {
      const { value, selectedOptions } = event.detail;
      const category = (catalogs.get(this) ?? []).find((c) => c.id === value);
      const patch: Partial<ReportForm> = {
        categoryId: value,
        categoryText: selectedOptions.map((o) => o.text).join(' / '),
        // slots belong to a category: a new category needs a new choice
        slotId: '',
        slotText: '',
      };
      if (category?.publicArea) patch.locationKind = 'public';
      this.setData({ categoryPickerShown: false, bookable: category?.kind === 'repair', 'errors.slot': '' });
      this.setField(patch, 'category');
    },

    // --- text fields -----------------------------------------------------------------------
    onDescription(event: ValueEvent<string>) {
      this.setField({ description: event.detail }, 'description');
    },

    onLocationKind(event: ValueEvent<'unit' | 'public'>) {
      this.setField({ locationKind: event.detail }, 'location');
    },

    onLocationText(event: ValueEvent<string>) {
      this.setField({ locationText: event.detail }, 'location');
    },

    onUrgent(event: ValueEvent<boolean>) {
      this.setField({ urgent: event.detail });
    },

    // --- photos ----------------------------------------------------------------------------
    onPhotosRead(event: WechatMiniprogram.CustomEvent<{ file: UploaderFile | UploaderFile[] }>) {
      const files = ([] as UploaderFile[]).concat(event.detail.file);
      const room = MAX_PHOTOS - this.data.photos.length;
      for (const file of files.slice(0, room)) {
        const path = file.url ?? file.tempFilePath;
        if (path) void this.addPhoto(path);
      }
    },

    async addPhoto(path: string): Promise<void> {
      const index = this.data.photos.length;
      const item: PhotoItem = { url: path, fileID: '', status: 'uploading', message: '压缩中', deletable: true };
      this.setData({ [`photos[${index}]`]: item, 'errors.photos': '' });
      // the item may move if an earlier photo is deleted meanwhile: find it by its path
      const update = (patch: Partial<PhotoItem>): void => {
        const at = this.data.photos.findIndex((p) => p.url === path);
        if (at < 0) return;
        const data: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(patch)) data[`photos[${at}].${key}`] = value;
        this.setData(data);
      };
      try {
        const compressed = await compress(path);
        const fileID = await uploadPhoto(compressed, (percent) => update({ message: `上传中 ${Math.round(percent)}%` }));
        update({ fileID, status: 'done', message: '' });
        this.keepDraft();
      } catch {
        update({ status: 'failed', message: '上传失败' });
      }
    },

    onPhotoDelete(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const photos = this.data.photos.filter((_, i) => i !== event.detail.index);
      this.setData({ photos });
      this.keepDraft();
    },

    // --- appointment -----------------------------------------------------------------------
    openSlotPicker() {
      this.setData({ slotPickerShown: true });
      void this.loadSlots(this.data.dayIndex);
    },

    closeSlotPicker() {
      this.setData({ slotPickerShown: false });
    },

    onDayChange(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.setData({ dayIndex: event.detail.index });
      void this.loadSlots(event.detail.index);
    },

    async loadSlots(dayIndex: number): Promise<void> {
      const day = this.data.days[dayIndex];
      if (!day) return;
      this.setData({ slotsStatus: 'loading', slots: [] });
      try {
        const slots = await call('slots.list', { propertyId: this.data.propertyId, categoryId: this.data.form.categoryId, date: day.date });
        if (this.data.dayIndex !== dayIndex) return;
        this.setData({ slotsStatus: 'ready', slots: slotOptions(slots, nowMs()) });
      } catch (err) {
        if (this.data.dayIndex !== dayIndex) return;
        this.setData({ slotsStatus: 'error', errorText: toastFor(err) });
      }
    },

    retrySlots() {
      void this.loadSlots(this.data.dayIndex);
    },

    onSlotTap(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const slot = this.data.slots.find((s) => s.id === event.currentTarget.dataset.id);
      if (!slot || slot.disabled) return;
      const day = this.data.days[this.data.dayIndex];
      this.setData({ slotPickerShown: false });
      this.setField({ slotId: slot.id, slotText: `${day ? formatDay(Date.parse(`${day.date}T12:00:00+08:00`)) : ''} ${slot.text}` }, 'slot');
    },

    clearSlot() {
      this.setData({ slotPickerShown: false });
      this.setField({ slotId: '', slotText: '' }, 'slot');
    },

    // --- submit ----------------------------------------------------------------------------
    async submit(): Promise<void> {
      if (this.data.submitting) return;
      const { form, photos, propertyId, requestId } = this.data;
      const errors = validate(form);
      if (photos.some((p) => p.status === 'uploading')) errors.photos = '照片还在上传，请稍候';
      if (Object.keys(errors).length > 0) {
        this.setData({ errors });
        wx.showToast({ title: Object.values(errors)[0] ?? '请检查填写的内容', icon: 'none' });
        return;
      }
      const uploaded = photos.filter((p) => p.status === 'done').map((p) => p.fileID);
      this.setData({ submitting: true, errors: {} });
      // the subscribe prompt follows a successful submit: have its template ids by then
      preloadTemplates();
      try {
        // the same requestId on every attempt of this form: a retry never makes a second order
        const order = await call('order.create', toPayload(propertyId, form, uploaded), { requestId });
        clearDraft(propertyId);
        this.setData({ submitting: false, form: { ...EMPTY_FORM }, photos: [], requestId: newRequestId(), draftRestored: false });
        wx.showToast({ title: '报修已提交', icon: 'success' });
        // a modal is app-wide: it stays up over the order page this redirect opens
        void askToSubscribe('after_report');
        wx.redirectTo({ url: `/pages/resident/order/index?id=${order.id}` });
      } catch (err) {
        this.setData({ submitting: false });
        this.showSubmitError(err);
      }
    },

    showSubmitError(err: unknown) {
      if (err instanceof ApiCallError && err.code === 'SLOT_FULL') {
        this.setData({ 'errors.slot': '这个时段刚刚约满了，请换一个', 'form.slotId': '', 'form.slotText': '' });
      } else {
        const errors = toFormErrors(fieldErrorsOf(err, FIELD_HINTS));
        if (Object.keys(errors).length > 0) this.setData({ errors });
      }
      // the draft stays: a network failure can be retried with the same requestId
      this.keepDraft();
      wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
    },

    goRegister() {
      wx.navigateTo({ url: '/pages/common/register/index' });
    },
  },
});
