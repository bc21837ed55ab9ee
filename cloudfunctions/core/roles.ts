import type { RoleGrant, RoleName } from '../../typings/domain';

/** Chinese labels the UI shows for each role. */
export const ROLE_LABELS: Record<RoleName, string> = {
  resident: '住户',
  technician: '维修师傅',
  dispatcher: '客服调度',
  manager: '经理',
};

export const STAFF_ROLES: readonly RoleName[] = ['technician', 'dispatcher', 'manager'];

/** The grants a person holds in one property; a person may hold roles in several properties. */
export function rolesIn(grants: readonly RoleGrant[], propertyId: string): RoleGrant[] {
  return grants.filter((g) => g.propertyId === propertyId);
}

export function hasRole(grants: readonly RoleGrant[], propertyId: string, ...roles: RoleName[]): boolean {
  return grants.some((g) => g.propertyId === propertyId && roles.includes(g.role));
}
