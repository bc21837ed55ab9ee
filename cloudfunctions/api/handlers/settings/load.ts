/**
 * The one read each settings action starts with: the caller's user document, and with it (by
 * lookups) the property and whichever of its settings collections the action needs. Starting from
 * the caller means an unknown caller or a property they do not manage costs the same single request
 * and reveals nothing.
 */
import type { Category, Material, Property, Team, User } from '../../../../typings/domain';
import type { ServiceItemSetting } from '../../../../typings/settings';
import { fail } from '../../../core/errors';
import { grantsIn } from '../../../core/people/grants';
import type { AggregateStage } from '../../../runtime/db';
import type { HandlerContext } from '../../context';

/** Stored documents carry the database's own fields besides the domain's. */
export type Stored<T> = T & { _id: string; createdAt?: string; updatedAt?: string; createdBy?: string; requestFingerprint?: string };

/** A property's settings are tens of rows; these bounds are far above any real property. */
export const LIMITS = { teams: 200, categories: 1000, materials: 2000, serviceItems: 500, staff: 1000 } as const;

export interface SettingsRow {
  caller: Stored<User>;
  property?: Stored<Property>;
  teams: Stored<Team>[];
  categories: Stored<Category>[];
  materials: Stored<Material>[];
  serviceItems: Stored<ServiceItemSetting>[];
  /** users named by `people` (a team leader being appointed, the leader being replaced) */
  people: Stored<User>[];
}

export interface LoadOptions {
  teams?: boolean;
  categories?: boolean;
  materials?: boolean;
  serviceItems?: boolean;
  /** openids of users to read as well */
  people?: readonly string[];
  /** extra lookups, e.g. open orders of a category (merged into the row under their `as`) */
  extra?: AggregateStage[];
}

type Row = Partial<SettingsRow> & Record<string, unknown>;

/**
 * Loads the caller with the property's settings in ONE aggregate. Fails FORBIDDEN unless the caller
 * holds one of `roles` in the property (before looking at anything else), NOT_FOUND when the
 * property itself is missing.
 */
export async function loadSettings(
  ctx: HandlerContext,
  propertyId: string,
  roles: readonly ('manager' | 'dispatcher' | 'technician')[],
  options: LoadOptions,
  refusal: string,
): Promise<SettingsRow & Record<string, unknown>> {
  const { db } = ctx;
  const of = (from: string, limit: number, as: string, orderBy?: Record<string, 1 | -1>): AggregateStage => [
    'lookup',
    { from, pipeline: db.pipeline([['match', { propertyId }], ...(orderBy ? [['sort', orderBy] as AggregateStage] : []), ['limit', limit]]), as },
  ];
  const stages: AggregateStage[] = [
    ['match', { _id: ctx.openid }],
    ['lookup', { from: 'properties', pipeline: db.pipeline([['match', { _id: propertyId }], ['limit', 1]]), as: 'property' }],
  ];
  if (options.teams) stages.push(of('teams', LIMITS.teams, 'teams'));
  if (options.categories) stages.push(of('categories', LIMITS.categories, 'categories', { sort: 1, _id: 1 }));
  if (options.materials) stages.push(of('materials', LIMITS.materials, 'materials', { category: 1, name: 1, _id: 1 }));
  if (options.serviceItems) stages.push(of('service_items', LIMITS.serviceItems, 'serviceItems', { sort: 1, _id: 1 }));
  if (options.people?.length) {
    const ids = [...new Set(options.people)];
    stages.push(['lookup', { from: 'users', pipeline: db.pipeline([['match', { _id: db.command.in(ids) }], ['limit', ids.length]]), as: 'people' }]);
  }
  stages.push(...(options.extra ?? []), ['limit', 1]);
  const [row] = await db.aggregate<Stored<User> & Row>('users', stages);
  if (!row || grantsIn(row.roles, propertyId, roles).length === 0) return fail('FORBIDDEN', refusal);
  const property = (row.property as Stored<Property>[] | undefined)?.[0];
  if (!property) return fail('NOT_FOUND', '没有这个小区', { 'payload.propertyId': 'no such property' });
  const { property: _p, teams, categories, materials, serviceItems, people, ...caller } = row as Row & Stored<User>;
  return {
    ...row,
    caller: caller as Stored<User>,
    property,
    teams: (teams as Stored<Team>[] | undefined) ?? [],
    categories: (categories as Stored<Category>[] | undefined) ?? [],
    materials: (materials as Stored<Material>[] | undefined) ?? [],
    serviceItems: (serviceItems as Stored<ServiceItemSetting>[] | undefined) ?? [],
    people: (people as Stored<User>[] | undefined) ?? [],
  };
}

export const MANAGERS_ONLY = '只有本小区经理可以修改设置';
