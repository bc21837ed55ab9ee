/**
 * The WeChat open APIs a notification goes through: subscription messages and SMS. wx-server-sdk
 * throws on a non-zero errcode; this answers the errcode instead, so delivery decides what it means.
 */
import { getCloud } from './cloud';

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

export interface SendResult {
  errcode: number;
  errmsg: string;
}

export interface Notifier {
  sendSubscribe(message: SubscribeMessage): Promise<SendResult>;
  /** `content` ≤ 30 characters; the SMS link opens the static-site page that jumps into the mini-program */
  sendSms(message: { phone: string; content: string }): Promise<SendResult>;
}

function failureOf(err: unknown): SendResult {
  const e = err as { errCode?: unknown; errcode?: unknown; errMsg?: unknown; message?: unknown };
  const code = typeof e.errCode === 'number' ? e.errCode : typeof e.errcode === 'number' ? e.errcode : -1;
  return { errcode: code, errmsg: String(e.errMsg ?? e.message ?? 'send failed') };
}

interface OpenApi {
  subscribeMessage: { send(args: Record<string, unknown>): Promise<{ errcode?: number; errmsg?: string }> };
  cloudbase: { sendSms(args: Record<string, unknown>): Promise<{ errcode?: number; errmsg?: string }> };
}

export function createNotifier(): Notifier {
  const openapi = (): OpenApi => getCloud().openapi as unknown as OpenApi;
  return {
    async sendSubscribe(message) {
      try {
        const res = await openapi().subscribeMessage.send({
          touser: message.touser,
          templateId: message.templateId,
          page: message.page,
          data: message.data,
          miniprogramState: process.env.MINIPROGRAM_STATE ?? 'formal',
        });
        return { errcode: res.errcode ?? 0, errmsg: res.errmsg ?? 'ok' };
      } catch (err) {
        return failureOf(err);
      }
    },
    async sendSms(message) {
      try {
        const res = await openapi().cloudbase.sendSms({
          env: process.env.TCB_ENV ?? process.env.SCF_NAMESPACE ?? '',
          content: message.content,
          phoneNumberList: [`+86${message.phone}`],
          // the H5 page of the environment's static website that opens the mini-program (no query allowed)
          path: process.env.SMS_JUMP_PATH ?? '/jump-mp.html',
        });
        return { errcode: res.errcode ?? 0, errmsg: res.errmsg ?? 'ok' };
      } catch (err) {
        return failureOf(err);
      }
    },
  };
}
