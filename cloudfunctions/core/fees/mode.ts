import type { Category, FeeMode } from '../../../typings/domain';

/**
 * The fee mode a completion is billed under. An order reported as free stays free (the resident was
 * told so when reporting, `order.paid` is that promise); a paid order follows its category's mode as
 * the settings say now, and is billed after service when the category is gone or was made free since.
 */
export function feeModeOf(orderPaid: boolean, category: Pick<Category, 'feeMode'> | undefined): FeeMode {
  if (!orderPaid) return 'free';
  return category && category.feeMode !== 'free' ? category.feeMode : 'after_service';
}
