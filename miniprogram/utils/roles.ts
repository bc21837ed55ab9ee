/** What a person may do where, from `user.me`. */
import type { Me, MeRole } from '../../typings/api';

/** The property this person reports in as a resident: the one named in `preferred`, else the first. */
export function residentRole(me: Me, preferred?: string): MeRole | undefined {
  const residentRoles = me.roles.filter((r) => r.role === 'resident');
  return residentRoles.find((r) => r.propertyId === preferred) ?? residentRoles[0];
}
