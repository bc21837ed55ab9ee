/** Payload schemas of the payment actions: validation and docs/api.md. */
import { z } from 'zod';
import { docId } from '../../fields';

export const paySchema = z.object({ orderId: docId }).strict();
