import type { RoleGrant, RoleName } from '../../../typings/domain';

/** What a staff invite says about the grant it gives; nothing else of a grant comes from an invite. */
export interface InviteTerms {
  propertyId: string;
  role: RoleName;
  /** the team joined, with its ancestors root first; absent for invites without a team (dispatcher, manager) */
  teamId?: string;
  teamPath?: string[];
  /** absent when the invite named no skills */
  skills?: string[];
}

/**
 * The roles after joining with an invite. A staff member holds each role once per property, so an
 * invite for a role they already hold there updates that grant, changing only what the invite says
 * (team and team path, skills) and keeping everything else: 工号, areas, and team leadership while
 * they stay in the team they lead (a leader moved to another team does not lead the new one).
 * Without such a grant the invite adds a new one. Other grants are untouched and keep their order.
 */
export function joinWithInvite(roles: readonly RoleGrant[], terms: InviteTerms): RoleGrant[] {
  const at = roles.findIndex((g) => g.propertyId === terms.propertyId && g.role === terms.role);
  const existing = at >= 0 ? roles[at] : undefined;
  const grant = mergeGrant(existing, terms);
  // a stray duplicate (same property and role) from older data collapses into the one grant
  const others = roles.filter((g, i) => i === at || !(g.propertyId === terms.propertyId && g.role === terms.role));
  return existing ? others.map((g) => (g === existing ? grant : g)) : [...others, grant];
}

function mergeGrant(existing: RoleGrant | undefined, terms: InviteTerms): RoleGrant {
  const team = terms.teamId ? { teamId: terms.teamId, teamPath: terms.teamPath ?? [terms.teamId] } : {};
  if (!existing) return { propertyId: terms.propertyId, role: terms.role, ...team, skills: terms.skills ?? [] };
  const { leader, ...kept } = existing;
  const movedTeam = terms.teamId !== undefined && terms.teamId !== existing.teamId;
  return { ...kept, ...team, ...(terms.skills ? { skills: terms.skills } : {}), ...(leader !== undefined && !movedTeam ? { leader } : {}) };
}
