/**
 * 员工加入: the invite code a manager gave (8 characters, case ignored), name and phone;
 * `staff.join`. Field errors show beside their field: the form's own checks first, then the
 * server's (an unknown code, one used or expired). On success the person goes home as staff,
 * where the picked property becomes the one they joined.
 */
import { ApiCallError, call, fieldErrorsOf, newRequestId, toastFor } from '../../../services/api';
import { setCurrentPropertyId } from '../../../utils/current-property';
import { JOIN_HINTS, joinedText, normalizeCode, validateJoin, type JoinField, type JoinForm } from './form';

/** what the server's refusals mean for the code field */
const CODE_ERRORS: Partial<Record<string, string>> = {
  NOT_FOUND: '没有这个邀请码，请核对后再试',
  CONFLICT: '邀请码已被使用或已过期，请向管理员索取新的邀请码',
};

Component({
  data: {
    form: { inviteCode: '', name: '', phone: '' } as JoinForm,
    errors: {} as Partial<Record<JoinField, string>>,
    submitting: false,
    requestId: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      // a code may come in the link or QR code the manager shares: ?code=K7XQ2M9P
      this.setData({ requestId: newRequestId(), ...(query.code ? { 'form.inviteCode': normalizeCode(query.code) } : {}) });
    },

    onInput(event: { detail: string; currentTarget: { dataset: { field: JoinField } } }) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: event.detail, [`errors.${field}`]: '' });
    },

    async submit(): Promise<void> {
      if (this.data.submitting) return;
      const form = this.data.form;
      const errors = validateJoin(form);
      if (Object.keys(errors).length > 0) {
        this.setData({ errors });
        return;
      }
      this.setData({ submitting: true, errors: {} });
      try {
        const me = await call(
          'staff.join',
          { inviteCode: normalizeCode(form.inviteCode), name: form.name.trim(), phone: form.phone.trim() },
          { requestId: this.data.requestId },
        );
        const staff = me.roles.filter((r) => r.role !== 'resident');
        const joined = staff[staff.length - 1];
        if (joined) setCurrentPropertyId(joined.propertyId);
        this.setData({ submitting: false });
        wx.showToast({ title: joinedText(me.roles), icon: 'success' });
        wx.reLaunch({ url: '/pages/common/home/index' });
      } catch (err) {
        const codeError = err instanceof ApiCallError ? CODE_ERRORS[err.code] : undefined;
        const fieldErrors: Partial<Record<JoinField, string>> = codeError ? { inviteCode: codeError } : fieldErrorsOf(err, JOIN_HINTS);
        // a fresh id: the person will change what they typed, which is a new request
        this.setData({ submitting: false, errors: fieldErrors, requestId: newRequestId() });
        if (Object.keys(fieldErrors).length === 0) wx.showToast({ title: toastFor(err), icon: 'none', duration: 2500 });
      }
    },
  },
});
