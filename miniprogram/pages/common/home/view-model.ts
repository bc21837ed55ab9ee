/**
 * What the home page shows for a `user.me` answer: plain data, computed once and sent to
 * the view in one setData (no formatting work in WXML).
 */
import type { Me } from '../../../../typings/api';
import type { RoleName } from '../../../../typings/domain';
import { ROLE_LABELS, ROLE_TAG_TYPES } from '../../../utils/labels';
import { maskPhone } from '../../../utils/format';

export interface RoleItem {
  key: string;
  propertyName: string;
  roleLabel: string;
  tagType: string;
  /** team name, or '' (residents, managers) */
  teamName: string;
}

export interface ProfileView {
  displayName: string;
  /** first character for the text avatar */
  avatarText: string;
  maskedPhone: string;
  openid: string;
  roles: RoleItem[];
}

/** Someone who has not registered yet has no name: WeChat's own wording for that is 微信用户. */
const UNNAMED = '微信用户';

export function toProfileView(me: Me): ProfileView {
  const displayName = me.name.trim() || UNNAMED;
  return {
    displayName,
    avatarText: displayName.slice(0, 1),
    maskedPhone: maskPhone(me.phone ?? ''),
    openid: me.openid,
    roles: me.roles.map((r, i) => ({
      key: `${r.propertyId}:${r.role}:${r.teamId ?? ''}:${i}`,
      propertyName: r.propertyName || r.propertyId,
      roleLabel: roleLabel(r.role),
      tagType: ROLE_TAG_TYPES[r.role] ?? 'default',
      teamName: r.teamName ?? '',
    })),
  };
}

function roleLabel(role: RoleName): string {
  // a role newer than this build still shows something readable
  return ROLE_LABELS[role] ?? role;
}
