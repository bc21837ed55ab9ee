import { z } from 'zod';

/** A stock quantity: positive, hundredths at most (2.5 米), so stock counts stay exact enough to compare. */
export const stockQty = z
  .number()
  .positive()
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'at most 2 decimals')
  .describe('a positive quantity, at most 2 decimals');
