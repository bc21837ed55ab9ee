/**
 * cloudbase.sendSms as WeChat answers it (developers.weixin.qq.com, api-backend/open-api/cloudbase/
 * cloudbase.sendSms): a bad request is errcode -501007 with the reason in errmsg (the SDK throws it);
 * a good one answers one send_status_list entry per number, and a number WeChat cannot send to
 * gets its own non-"Ok" code while the others go out.
 */
import { randomInt } from 'node:crypto';
import type { Clock } from '../clock';
import type { NewSms, SmsStore } from './sms-store';

export interface SmsDeps {
  sms: SmsStore;
  clock: Clock;
  env: string;
}

type Body = { errcode: number; errmsg: string } & Record<string, unknown>;

/** "参数有误，具体原因参考 errmsg" */
export const SMS_INVALID_PARAM = -501007;
/** per request, as documented */
const MAX_NUMBERS = 1000;
/** the custom part of a Marketing SMS */
const MAX_CONTENT_CHARS = 30;
/** mainland numbers only, with the +86 the docs require */
const PHONE = /^\+861\d{10}$/;

const invalid = (reason: string): Body => ({ errcode: SMS_INVALID_PARAM, errmsg: `InvalidParameter: ${reason}` });

export function sendSms(params: Record<string, unknown>, { sms, clock, env }: SmsDeps): Body {
  if (typeof params.env !== 'string' || !params.env) return invalid('env is required');
  // the SMS package belongs to an environment; this local-cloud has one
  if (params.env !== env) return invalid(`env ${params.env} not found`);
  const smsType = params.sms_type ?? 'Marketing';
  if (smsType !== 'Marketing' && smsType !== 'Notification') return invalid('sms_type must be Marketing or Notification');
  const list = params.phone_number_list;
  if (!Array.isArray(list) || list.length === 0) return invalid('phone_number_list is required');
  if (list.length > MAX_NUMBERS) return invalid(`phone_number_list holds at most ${MAX_NUMBERS} numbers`);
  if (!list.every((p): p is string => typeof p === 'string')) return invalid('phone_number_list must hold strings');
  if (params.use_short_name !== undefined && typeof params.use_short_name !== 'boolean') return invalid('use_short_name must be a bool');
  if (params.resource_appid !== undefined && typeof params.resource_appid !== 'string') return invalid('resource_appid must be a string');

  let content: string | null = null;
  let path: string | null = null;
  let templateId: string | null = null;
  let templateParamList: string[] | null = null;
  if (smsType === 'Marketing') {
    if (typeof params.content !== 'string' || !params.content) return invalid('content is required when sms_type is Marketing');
    if ([...params.content].length > MAX_CONTENT_CHARS) return invalid(`content is longer than ${MAX_CONTENT_CHARS} characters`);
    if (typeof params.path !== 'string' || !params.path.startsWith('/')) return invalid('path (a static website path like /index.html) is required when sms_type is Marketing');
    content = params.content;
    path = params.path;
  } else {
    if (typeof params.template_id !== 'string' || !params.template_id) return invalid('template_id is required when sms_type is Notification');
    const paramList = params.template_param_list;
    if (!Array.isArray(paramList) || !paramList.every((p): p is string => typeof p === 'string')) {
      return invalid('template_param_list (string[]) is required when sms_type is Notification');
    }
    templateId = params.template_id;
    templateParamList = paramList;
  }

  const sentAt = clock.now().toISOString();
  const year = sentAt.slice(0, 4);
  const rows: NewSms[] = list.map((phoneNumber) => {
    const ok = PHONE.test(phoneNumber);
    return {
      phoneNumber,
      smsType,
      content,
      path,
      templateId,
      templateParamList,
      useShortName: params.use_short_name === true,
      resourceAppid: typeof params.resource_appid === 'string' ? params.resource_appid : null,
      env,
      // Tencent Cloud SMS serial numbers look like "2019:538884*********"
      serialNo: `${year}:${randomInt(1e9, 1e10 - 1)}${randomInt(1e9, 1e10 - 1)}`,
      code: ok ? 'Ok' : 'InvalidParameterValue.IncorrectPhoneNumber',
      message: ok ? 'send success' : 'incorrect phone number, a +86 mainland number is required',
      sentAt,
    };
  });
  sms.record(rows);
  return {
    errcode: 0,
    errmsg: 'ok',
    send_status_list: rows.map((r) => ({
      serial_no: r.serialNo,
      phone_number: r.phoneNumber,
      code: r.code,
      message: r.message,
      iso_code: 'CN',
    })),
  };
}
