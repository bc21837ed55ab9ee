/**
 * The property the person is working in now. Someone with roles in several properties (a
 * technician serving two estates, a resident owning flats in two) picks one on the home page; the
 * choice is kept in storage and every page that needs a propertyId asks here (through roles.ts).
 */
import type { Me, MeRole } from '../../typings/api';

const STORAGE_KEY = 'currentPropertyId';

export interface PropertyChoice {
  propertyId: string;
  propertyName: string;
}

/** The properties this person has any role in, in the order `user.me` lists them, each once. */
export function propertiesOf(me: Me): PropertyChoice[] {
  const seen = new Map<string, PropertyChoice>();
  for (const r of me.roles) {
    if (!seen.has(r.propertyId)) seen.set(r.propertyId, { propertyId: r.propertyId, propertyName: r.propertyName || r.propertyId });
  }
  return [...seen.values()];
}

/** The id picked last on this phone ('' when none): a hint, checked against `user.me` before use. */
export function storedPropertyId(): string {
  const value: unknown = wx.getStorageSync(STORAGE_KEY);
  return typeof value === 'string' ? value : '';
}

export function setCurrentPropertyId(propertyId: string): void {
  wx.setStorageSync(STORAGE_KEY, propertyId);
}

/** The current property: the one picked, if this person still has a role there, else the first. */
export function currentPropertyId(me: Me): string | undefined {
  const stored = storedPropertyId();
  const ids = me.roles.map((r) => r.propertyId);
  return ids.includes(stored) ? stored : ids[0];
}

/** The roles held in the current property. */
export function rolesHere(me: Me): MeRole[] {
  const propertyId = currentPropertyId(me);
  return me.roles.filter((r) => r.propertyId === propertyId);
}
