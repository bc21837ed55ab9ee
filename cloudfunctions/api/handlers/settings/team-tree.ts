/**
 * The team tree rules of teams.save, as plain functions over the property's teams: a new parent
 * must not make the tree a cycle, and staff grants carry their team's path (RoleGrant.teamPath), so
 * moving a team changes the path of everyone in it and below it.
 */
import type { RoleGrant, Team } from '../../../../typings/domain';
import { teamPathOf } from '../../../core/people/team-path';

/** Would giving `teamId` the parent `parentId` make a cycle (the parent is the team or one of its sub-teams)? */
export function makesCycle(teams: readonly Pick<Team, 'id' | 'parentId'>[], teamId: string, parentId: string): boolean {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const seen = new Set<string>();
  for (let at: string | undefined = parentId; at !== undefined && !seen.has(at); at = byId.get(at)?.parentId) {
    if (at === teamId) return true;
    seen.add(at);
  }
  return false;
}

/**
 * A person's roles with every grant of the property re-pathed over `teams` (the tree after the
 * save); undefined when nothing changes, so untouched people are not written.
 */
export function repathedRoles(roles: readonly RoleGrant[], propertyId: string, teams: readonly Pick<Team, 'id' | 'parentId'>[]): RoleGrant[] | undefined {
  let changed = false;
  const next = roles.map((g) => {
    if (g.propertyId !== propertyId || !g.teamId) return g;
    const path = teamPathOf(teams, g.teamId) ?? [g.teamId];
    if (g.teamPath && g.teamPath.join('/') === path.join('/')) return g;
    changed = true;
    return { ...g, teamPath: path };
  });
  return changed ? next : undefined;
}

/**
 * A person's roles with the lead of `teamId` given or taken: the grant in that team (where there
 * is one) says `leader`, which is what lets a technician dispatch within the team. undefined when
 * nothing changes.
 */
export function withLead(roles: readonly RoleGrant[], propertyId: string, teamId: string, lead: boolean): RoleGrant[] | undefined {
  let changed = false;
  const next = roles.map((g) => {
    if (g.propertyId !== propertyId || g.teamId !== teamId || g.role === 'resident' || Boolean(g.leader) === lead) return g;
    changed = true;
    if (lead) return { ...g, leader: true };
    const { leader: _dropped, ...rest } = g;
    return rest;
  });
  return changed ? next : undefined;
}
