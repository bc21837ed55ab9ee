/** What a person may do where, from `user.me`. */
import type { Me, MeRole } from '../../typings/api';
import { storedPropertyId } from './current-property';

/**
 * The property this person reports in as a resident: the one named in `preferred` (default: the
 * property picked on the home page, utils/current-property.ts), else the first.
 */
export function residentRole(me: Me, preferred: string = storedPropertyId()): MeRole | undefined {
  const residentRoles = me.roles.filter((r) => r.role === 'resident');
  return residentRoles.find((r) => r.propertyId === preferred) ?? residentRoles[0];
}

/**
 * The property (and team) this person works in as a technician: the one named in `preferred`
 * (default: the property picked on the home page), else the first.
 */
export function technicianRole(me: Me, preferred: string = storedPropertyId()): MeRole | undefined {
  const grants = me.roles.filter((r) => r.role === 'technician');
  return grants.find((r) => r.propertyId === preferred) ?? grants[0];
}
