/** Payload schemas of the order actions: the single source for validation and for docs/api.md. */
import { z } from 'zod';
import { docId as id, mobilePhone as phone, shortText as text } from '../../fields';
import { ORDER_NO_PATTERN } from '../../../core/order/order-number';

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
    orderNo: z
      .string()
      .regex(ORDER_NO_PATTERN, '13 digits: YYYYMMDD and the 5-digit daily number')
      .optional()
      .describe('exactly this order number (unique in the deployment); still only among the orders the scope shows'),
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
export const completeSchema = z
  .object({
    orderId: id,
    summary: text(500),
    workMinutes: z.number().int().min(1).max(24 * 60),
    materials: z.array(z.object({ materialId: id, qty }).strict()).max(30).optional(),
    // priced by the technician on site (seed 001 自定义服务项); fen, never a computed total
    serviceItems: z.array(z.object({ name: text(50), price: z.number().int('whole fen').min(0).max(10_000_000), qty }).strict()).max(20).optional(),
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
export const followUpSchema = z.object({ orderId: id, note: text(500), failed: z.boolean().optional(), toReporter: z.boolean().optional() }).strict();
