import type { StaffRole } from '../../../../typings/people-actions';

/**
 * An invite as stored in `invites`. It carries the names and the team path the new grant needs,
 * so joining reads no property or team documents.
 */
export interface InviteDoc {
  _id: string;
  code: string;
  propertyId: string;
  propertyName: string;
  role: StaffRole;
  teamId?: string;
  teamName?: string;
  teamPath?: string[];
  /** absent when the invite named none: joining then keeps the skills a re-joining member has */
  skills?: string[];
  createdBy: string;
  createdAt: string;
  /** ISO instant; compared as text, which orders ISO UTC instants correctly */
  expiresAt: string;
  /** null until someone joins with it */
  usedBy: string | null;
  usedAt: string | null;
}
