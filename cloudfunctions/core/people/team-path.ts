import type { Team } from '../../../typings/domain';

/**
 * A team and its ancestors, root first: what a staff grant stores as `teamPath` so that "this
 * team or any sub-team" is one array-contains filter instead of a walk over the teams.
 * undefined when the team is not among `teams` (another property's, or unknown).
 */
export function teamPathOf(teams: readonly Pick<Team, 'id' | 'parentId'>[], teamId: string): string[] | undefined {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const path: string[] = [];
  let current = byId.get(teamId);
  if (!current) return undefined;
  // A cycle in bad data must not hang the function: stop when a team repeats.
  while (current && !path.includes(current.id)) {
    path.unshift(current.id);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return path;
}

/** Is a grant with this teamPath in `teamId` or one of its sub-teams? */
export const isWithinTeam = (teamPath: readonly string[] | undefined, teamId: string): boolean => (teamPath ?? []).includes(teamId);
