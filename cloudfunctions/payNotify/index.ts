/**
 * The `payNotify` cloud function: WeChat Pay's result callback (cloudPay.unifiedOrder's
 * functionName). It marks the order paid exactly once and answers `{ errcode: 0, errmsg: 'OK' }`;
 * any other answer makes WeChat Pay call again (and alert), which is what a mismatch wants.
 */
import type { PayCallbackReply } from '../../typings/payments';
import { handlePayCallback } from '../api/handlers/payments/notify';
import { callerOpenid } from '../runtime/cloud';
import { systemContext } from '../runtime/system-context';

export async function main(event: unknown): Promise<PayCallbackReply> {
  // WeChat Pay calls with no user; a mini-program user calling this function directly is not WeChat Pay
  if (callerOpenid()) return { errcode: 403, errmsg: 'not a WeChat Pay notification' };
  return handlePayCallback(systemContext(), event);
}
