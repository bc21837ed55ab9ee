import type { RoleGrant, RoleName, User } from '../../../typings/domain';
import type { Actor } from '../order/state-machine';

/** When a person holds several roles in one property, the strongest one acts. */
const STRENGTH: Record<RoleName, number> = { resident: 0, technician: 1, dispatcher: 2, manager: 3 };

export function strongestGrant(user: Pick<User, 'roles'> | undefined, propertyId: string): RoleGrant | undefined {
  let best: RoleGrant | undefined;
  for (const g of user?.roles ?? []) {
    if (g.propertyId === propertyId && (!best || STRENGTH[g.role] > STRENGTH[best.role])) best = g;
  }
  return best;
}

/** The person as the state machine sees them in one property; undefined when they have no role there. */
export function actorIn(user: (Pick<User, 'roles'> & { openid: string }) | undefined, propertyId: string): Actor | undefined {
  const grants = (user?.roles ?? []).filter((g) => g.propertyId === propertyId);
  const grant = strongestGrant(user, propertyId);
  if (!user || !grant) return undefined;
  return {
    openid: user.openid,
    role: grant.role,
    teamIds: grants.flatMap((g) => (g.teamId ? [g.teamId] : [])),
    ledTeamIds: grants.flatMap((g) => (g.leader && g.teamId ? [g.teamId] : [])),
  };
}
