/**
 * Where a new order goes: its category's team, or the night on-duty team outside business hours;
 * in auto mode straight to the best technician of that team, otherwise into the team's pool.
 */
import type { Category, Property } from '../../../typings/domain';
import { withinBusinessHours } from '../time/local-time';

export interface TechnicianLoad {
  openid: string;
  teamId: string;
  skills: readonly string[];
  areas: readonly string[];
  /** orders assigned and not yet completed */
  openOrders: number;
}

export interface RouteInput {
  property: Pick<Property, 'dispatchMode' | 'businessHours' | 'timezone' | 'nightTeamId'>;
  category: Pick<Category, 'teamId' | 'skill' | 'kind'>;
  /** building of the reported location, when known */
  building?: string;
  technicians: readonly TechnicianLoad[];
  now: Date;
}

export interface Route {
  teamId: string;
  /** set when the order is assigned at once */
  assigneeOpenid?: string;
  afterHours: boolean;
}

/** The team a new order belongs to: its category's, or the night on-duty team after hours. */
export function targetTeam(input: Pick<RouteInput, 'property' | 'category' | 'now'>): { teamId: string; afterHours: boolean } {
  const { property, category, now } = input;
  const afterHours = !withinBusinessHours(now, property.timezone, property.businessHours);
  // Matters (complaints, suggestions) wait for the service center; only repairs need a night technician.
  const teamId = afterHours && category.kind === 'repair' && property.nightTeamId ? property.nightTeamId : category.teamId;
  return { teamId, afterHours };
}

export function routeOrder(input: RouteInput): Route {
  const { teamId, afterHours } = targetTeam(input);
  if (input.property.dispatchMode !== 'auto') return { teamId, afterHours };
  const best = pickTechnician(input.technicians.filter((t) => t.teamId === teamId), input.category.skill, input.building);
  return best ? { teamId, assigneeOpenid: best.openid, afterHours } : { teamId, afterHours };
}

/**
 * The technician with the skill (if any has it), preferring those covering the building, then the
 * lightest load; ties go to the first listed so the choice is stable.
 */
export function pickTechnician(candidates: readonly TechnicianLoad[], skill: string | undefined, building: string | undefined): TechnicianLoad | undefined {
  const skilled = skill ? candidates.filter((t) => t.skills.includes(skill)) : candidates;
  const pool = skilled.length ? skilled : candidates;
  const covers = (t: TechnicianLoad): number => (building && t.areas.includes(building) ? 0 : 1);
  let best: TechnicianLoad | undefined;
  for (const t of pool) {
    if (!best || covers(t) < covers(best) || (covers(t) === covers(best) && t.openOrders < best.openOrders)) best = t;
  }
  return best;
}
