/**
 * 住户登记: the property (from the QR code the property posts, `?propertyId=`, or typed), name,
 * building, room and phone; `resident.register`. A second registration moves the person to the
 * new unit (one unit per property). Field errors from the server show beside their field.
 *
 * The phone comes from WeChat's phone-number button (its one-time code exchanged by
 * `user.phoneNumber`) or is typed: someone who declines, or whose code WeChat refuses, types it.
 */
import { call, fieldErrorsOf, newRequestId, toastFor } from '../../../services/api';
import { DEMO_PROPERTIES, isLocalMode } from '../../../config/env';

interface RegisterForm {
  propertyId: string;
  name: string;
  building: string;
  room: string;
  phone: string;
}

type FieldName = keyof RegisterForm;

const HINTS: Record<string, string> = {
  propertyId: '找不到这个小区，请核对物业提供的编号',
  name: '请填写您的姓名（20 字以内）',
  building: '请填写楼栋，如：3栋',
  room: '请填写房号，如：1202',
  phone: '请填写 11 位手机号',
};

/** A refused code: the number can still be typed, so say both ways forward. */
const PHONE_REFUSED = '未能获取微信手机号，请重新点击获取或手动填写';

/** `bind:getphonenumber`'s detail: `code` when the person allowed it, else only errMsg (e.g. "getPhoneNumber:fail user deny"). */
interface PhoneNumberDetail {
  code?: string;
  errMsg?: string;
}

function validate(form: RegisterForm): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  if (!form.propertyId.trim()) errors.propertyId = '请填写小区编号';
  if (!form.name.trim()) errors.name = '请填写您的姓名';
  if (!form.building.trim()) errors.building = '请填写楼栋';
  if (!form.room.trim()) errors.room = '请填写房号';
  if (!/^1[3-9]\d{9}$/.test(form.phone.trim())) errors.phone = HINTS.phone;
  return errors;
}

Component({
  data: {
    form: { propertyId: '', name: '', building: '', room: '', phone: '' } as RegisterForm,
    /** the property came with the QR code: shown, not typed */
    propertyFixed: false,
    shortcuts: [] as { id: string; name: string }[],
    errors: {} as Partial<Record<FieldName, string>>,
    submitting: false,
    /** exchanging the button's code for the number */
    fetchingPhone: false,
    requestId: '',
    redirect: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const propertyId = query.propertyId ?? '';
      this.setData({
        'form.propertyId': propertyId,
        propertyFixed: propertyId !== '',
        shortcuts: isLocalMode() ? [...DEMO_PROPERTIES] : [],
        requestId: newRequestId(),
        redirect: query.redirect ? decodeURIComponent(query.redirect) : '',
      });
    },

    onInput(event: { detail: string; currentTarget: { dataset: { field: FieldName } } }) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: event.detail, [`errors.${field}`]: '' });
    },

    pickProperty(event: { currentTarget: { dataset: { id: string } } }) {
      this.setData({ 'form.propertyId': event.currentTarget.dataset.id, 'errors.propertyId': '' });
    },

    async onPhoneNumber(event: { detail: PhoneNumberDetail }): Promise<void> {
      const code = event.detail.code;
      // declined (or an old WeChat without codes): the typed field is the way, nothing to report
      if (!code || this.data.fetchingPhone) return;
      this.setData({ fetchingPhone: true, 'errors.phone': '' });
      try {
        const { phone } = await call('user.phoneNumber', { code });
        this.setData({ fetchingPhone: false, 'form.phone': phone });
      } catch (err) {
        const refused = fieldErrorsOf(err).code !== undefined;
        this.setData({ fetchingPhone: false, 'errors.phone': refused ? PHONE_REFUSED : '' });
        if (!refused) wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
      }
    },

    async submit(): Promise<void> {
      if (this.data.submitting) return;
      const form = this.data.form;
      const errors = validate(form);
      if (Object.keys(errors).length > 0) {
        this.setData({ errors });
        return;
      }
      this.setData({ submitting: true, errors: {} });
      try {
        await call(
          'resident.register',
          {
            propertyId: form.propertyId.trim(),
            name: form.name.trim(),
            building: form.building.trim(),
            room: form.room.trim(),
            phone: form.phone.trim(),
          },
          { requestId: this.data.requestId },
        );
        this.setData({ submitting: false });
        wx.showToast({ title: '登记成功', icon: 'success' });
        if (this.data.redirect) wx.redirectTo({ url: this.data.redirect });
        else wx.reLaunch({ url: '/pages/common/home/index' });
      } catch (err) {
        const fieldErrors = fieldErrorsOf(err, HINTS);
        // a fresh id: the person will change what they typed, which is a new request
        this.setData({ submitting: false, errors: fieldErrors, requestId: newRequestId() });
        if (Object.keys(fieldErrors).length === 0) wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
      }
    },
  },
});
