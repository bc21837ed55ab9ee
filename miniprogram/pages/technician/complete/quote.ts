/** The server's fee preview (order.quote) as the form shows it: one line per part, the total, who pays. */
import type { FeeBreakdown } from '../../../../typings/fees';
import { formatYuan } from '../../../utils/format';

export interface QuoteView {
  lines: { label: string; amount: string }[];
  total: string;
  note: string;
}

export function toQuoteView(fee: FeeBreakdown): QuoteView {
  const lines = [
    { label: '人工费', amount: fee.labor },
    { label: '上门费', amount: fee.visit },
    { label: '材料费', amount: fee.materials },
    { label: '服务项目', amount: fee.items },
  ].map((l) => ({ label: l.label, amount: formatYuan(l.amount) }));
  const note =
    fee.total === 0 ? '本次服务免费' : fee.payer === 'company' ? '由物业承担，住户无需支付' : `住户需支付 ${formatYuan(fee.due)}`;
  return { lines, total: formatYuan(fee.total), note };
}
