import type { RoleName } from '../../typings/domain';

export const STAFF_ROLES: readonly RoleName[] = ['technician', 'dispatcher', 'manager'];
