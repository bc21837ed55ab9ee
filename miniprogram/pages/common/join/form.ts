/** 员工加入: the form's rules, as the server checks them (docs/api.md staff.join), in Chinese. */
import type { MeRole } from '../../../../typings/api';

export interface JoinForm {
  inviteCode: string;
  name: string;
  phone: string;
}

export type JoinField = keyof JoinForm;

/** 8 characters of A–Z and 2–9 without I and O (no 0/O or 1/I mix-ups) */
const CODE = /^[A-HJ-NP-Z2-9]{8}$/;

export const JOIN_HINTS: Record<JoinField, string> = {
  inviteCode: '邀请码是 8 位字母和数字，请核对管理员发给您的邀请码',
  name: '请填写您的姓名（20 字以内）',
  phone: '请填写 11 位手机号',
};

/** What is sent: the code without spaces, in capitals (case is ignored). */
export function normalizeCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

export function validateJoin(form: JoinForm): Partial<Record<JoinField, string>> {
  const errors: Partial<Record<JoinField, string>> = {};
  const code = normalizeCode(form.inviteCode);
  if (!code) errors.inviteCode = '请填写邀请码';
  else if (!CODE.test(code)) errors.inviteCode = JOIN_HINTS.inviteCode;
  const name = form.name.trim();
  if (!name) errors.name = '请填写您的姓名';
  else if (name.length > 20) errors.name = JOIN_HINTS.name;
  if (!/^1[3-9]\d{9}$/.test(form.phone.trim())) errors.phone = JOIN_HINTS.phone;
  return errors;
}

/** '已加入示范小区' — the newest staff grant (the one the code gave); a success toast shows 7 characters */
export function joinedText(roles: MeRole[]): string {
  const staff = roles.filter((r) => r.role !== 'resident');
  const grant = staff[staff.length - 1];
  if (!grant) return '已加入';
  return `已加入${grant.propertyName || grant.propertyId}`;
}
