/** Chinese labels for domain values, one place for every page. */
import type { RoleName } from '../../typings/domain';

export const ROLE_LABELS: Record<RoleName, string> = {
  resident: '住户',
  technician: '维修师傅',
  dispatcher: '客服调度',
  manager: '经理',
};

/** van-tag `type` per role, so a role reads the same color everywhere. */
export const ROLE_TAG_TYPES: Record<RoleName, 'primary' | 'success' | 'warning' | 'danger'> = {
  resident: 'primary',
  technician: 'success',
  dispatcher: 'warning',
  manager: 'danger',
};
