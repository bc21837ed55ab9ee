/** The payment actions of the API (issue 10): pay an order's bill through WeChat Pay. */
import { defineAction } from '../../actions';
import { payOrder } from './pay';
import { paySchema } from './schemas';

export const PAYMENT_ACTIONS = [
  defineAction({
    name: 'order.pay',
    summary:
      'Pay what the order owes through WeChat Pay: a pay-on-order category’s deposit or price (`prepay.amount`) while it ' +
      'waits to be dispatched, otherwise the bill (`fee.due`) after completion. Answers the WeChat Pay order number and the ' +
      'parameters to pass to `wx.requestPayment` as they are. The same bill always gets the same `outTradeNo`, so asking again ' +
      'reuses the WeChat Pay order. The order reads `fee.paid: true` (and `paidAmount`) once WeChat Pay’s callback (the ' +
      '`payNotify` function) has confirmed the payment, with a timeline entry “已支付 x 元”. CONFLICT when nothing is due ' +
      '(a free category, 公司承担), it is already paid, or the order is not completed yet.',
    who: 'the reporter of the order',
    schema: paySchema,
    returns: 'OrderPayResult',
    errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT'],
    example: { openid: 'demo-resident', payload: { orderId: 'ORDER_ID_FROM_order.create' } },
    handle: payOrder,
  }),
] as const;
