import type { RoleGrant, RoleName } from '../../../typings/domain';

/**
 * Adds a grant, replacing the one it supersedes: a resident has one unit per property (registering
 * again moves them). Grants of other properties are never touched. (Staff joining again merge
 * into their grant instead: joinWithInvite in join-grant.ts.)
 */
export function withGrant(roles: readonly RoleGrant[], grant: RoleGrant): RoleGrant[] {
  const kept = roles.filter((g) => !(g.propertyId === grant.propertyId && g.role === grant.role));
  return [...kept, grant];
}

/** The caller's grants in a property, optionally only those of some roles. */
export function grantsIn(roles: readonly RoleGrant[] | undefined, propertyId: string, only?: readonly RoleName[]): RoleGrant[] {
  return (roles ?? []).filter((g) => g.propertyId === propertyId && (!only || only.includes(g.role)));
}
