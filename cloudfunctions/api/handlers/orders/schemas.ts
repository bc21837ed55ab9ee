/** Payload schemas of the order actions: the single source for validation and for docs/api.md. */
import { z } from 'zod';
import { docId as id, mobilePhone as phone, shortText as text } from '../../fields';
import { ORDER_NO_PATTERN } from '../../../core/order/order-number';
import type { CompletionServiceItem } from '../../../../typings/order-actions';

/** a file uploaded to cloud storage */
export const fileId = z.string().startsWith('cloud://', 'a cloud:// file ID').max(512);
export const photos = z.array(fileId).max(9, 'at most 9 photos');
const isoTime = z.string().datetime({ offset: true, message: 'an ISO time' });

export const createSchema = z
  .object({
    propertyId: id,
    categoryId: id,
    description: text(500),
    location: z.object({ kind: z.enum(['unit', 'public']), text: text(100), building: text(20).optional(), room: text(20).optional() }).strict(),
    photos: photos.optional(),
    urgency: z.enum(['normal', 'urgent']).optional(),
    slotId: id.optional(),
    onBehalfOf: z.object({ name: text(20), phone }).strict().optional(),
    source: z.enum(['phone', 'visit', 'self_inspection']).optional(),
  })
  .strict();

export const orderIdSchema = z.object({ orderId: id }).strict();
export const reasonSchema = z.object({ orderId: id, reason: text(200) }).strict();

export const listSchema = z
  .object({
    propertyId: id.optional(),
    scope: z.enum(['mine', 'assigned', 'pool', 'all']),
    status: z.array(z.enum(['pending', 'assigned', 'accepted', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled'])).max(8).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(50).optional(),
    sort: z
      .enum(['created', 'due'])
      .optional()
      .describe("'created' (default): newest first; 'due': the next promise first (arrival before the visit, completion after), overdue on top, finished orders last"),
    grabbable: z
      .boolean()
      .optional()
      .describe('true: only orders technicians may grab (the 抢单池 with scope pool); false: only those the desk dispatches by hand'),
    orderNo: z
      .string()
      .regex(ORDER_NO_PATTERN, '13 digits: YYYYMMDD and the 5-digit daily number')
      .optional()
      .describe('exactly this order number (unique in the deployment); still only among the orders the scope shows'),
    categoryIds: z.array(id).min(1).max(100).optional().describe('only orders of these categories (a first level: send it with its sub-categories)'),
    urgency: z.enum(['normal', 'urgent']).optional().describe('only normal or only urgent orders'),
    overdue: z.literal(true).optional().describe('only open orders whose next promise (arrival before the visit, completion after) has passed'),
  })
  .strict();

export const assignSchema = z
  .object({ orderId: id, technicianId: id, assistantIds: z.array(id).max(5).optional(), note: text(200).optional() })
  .strict();
export const assignTeamSchema = z.object({ orderId: id, teamId: id, note: text(200).optional() }).strict();
export const batchAssignSchema = z.object({ orderIds: z.array(id).min(1).max(50), technicianId: id }).strict();
export const transferSchema = z.object({ orderId: id, technicianId: id, reason: text(200) }).strict();
export const decideReassignSchema = z
  .object({ orderId: id, approve: z.boolean(), technicianId: id.optional(), reason: text(200).optional() })
  .strict();
export const checkInSchema = z
  .object({ orderId: id, location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict().optional() })
  .strict();
export const progressSchema = z.object({ orderId: id, note: text(500), photos: photos.optional() }).strict();
export const holdSchema = z.object({ orderId: id, reason: text(200), nextVisitAt: isoTime }).strict();
/** a quantity used: 2.5 米 of wire; hundredths at most, so stock and bills count it exactly */
const qty = z
  .number()
  .positive()
  .max(9999)
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'at most 2 decimals')
  .describe('a positive quantity, at most 2 decimals');
/**
 * A service item: picked from the property's settings (服务项设置, priced there), or priced by the
 * technician on site (seed 001 自定义服务项); fen per unit, never a computed total.
 */
const serviceItemLine = z
  .object({
    serviceItemId: id.optional().describe('a service item of the property (name and price from its settings)'),
    name: text(50).optional().describe('a custom line: its name'),
    price: z.number().int('whole fen').min(0).max(10_000_000).optional().describe('a custom line: fen per unit'),
    qty,
  })
  .strict()
  .superRefine((line: unknown, ctx) => {
    // it runs beside other faults too, so the value may not even be an object
    if (typeof line !== 'object' || line === null) return;
    const { serviceItemId, name, price } = line as Record<string, unknown>;
    if (serviceItemId !== undefined) {
      // the settings price it: a price sent with it would be ignored, so it is refused
      if (name !== undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'not with serviceItemId' });
      if (price !== undefined) ctx.addIssue({ code: 'custom', path: ['price'], message: 'not with serviceItemId' });
      return;
    }
    if (name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'required without serviceItemId' });
    if (price === undefined) ctx.addIssue({ code: 'custom', path: ['price'], message: 'required without serviceItemId' });
  // also beside other faults of the line: an amount sent instead of a price names the price too
  }, { when: () => true })
  // the refinement above made it one of the two shapes; say so to the type system
  .transform((line) => line as CompletionServiceItem);

export const completeSchema = z
  .object({
    orderId: id,
    summary: text(500),
    workMinutes: z.number().int().min(1).max(24 * 60),
    materials: z.array(z.object({ materialId: id, qty }).strict()).max(30).optional(),
    serviceItems: z.array(serviceItemLine).max(20).optional(),
    measures: text(500).optional(),
    photos: photos.optional(),
    signature: fileId.optional(),
    invoiceNo: text(40).optional(),
    partBarcodes: z.array(text(64)).max(20).optional(),
  })
  .strict();
export const rateSchema = z
  .object({ orderId: id, score: z.number().int().min(1).max(5), comment: text(300).optional() })
  .strict();
export const revisitSchema = z
  .object({ orderId: id, result: z.enum(['satisfied', 'unsatisfied', 'unreachable']), note: text(300).optional() })
  .strict();
export const handleSchema = z.object({ orderId: id, handling: z.enum(['verbal', 'coordination']), note: text(500) }).strict();
export const followUpSchema = z
  .object({
    orderId: id,
    note: text(500),
    failed: z.boolean().optional(),
    toReporter: z.boolean().optional(),
    visited: z.boolean().optional().describe('the follow-up was an on-site visit (the first one meets the visit within half a working day)'),
  })
  .strict();
