/**
 * The WeChat open APIs local-cloud answers, with WeChat's field names (snake_case) and errcodes.
 * Each returns the JSON body WeChat would; wx-server-sdk throws on a non-zero errcode.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { KeyValuePair } from './protobuf';
import type { SmsStore } from './sms-store';
import { sendSms } from './sms';
import type { SubscribeStore } from './store';

export type WxBody = { errcode: number; errmsg: string } & Record<string, unknown>;

export interface ApiRequest {
  /** JSON-decoded values of the request's pairs, by snake_case key */
  params: Record<string, unknown>;
  /** pairs sent as media (a file with a content type), e.g. imgSecCheck's `media` */
  media: Record<string, KeyValuePair>;
}

export interface ApiDeps {
  store: SubscribeStore;
  sms: SmsStore;
  clock: Clock;
  appid: string;
  /** this local-cloud's environment id */
  env: string;
}

export const ERRMSG: Record<number, string> = {
  40003: 'invalid openid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  43101: 'user refuse to accept the msg',
  45009: 'reach max api daily quota limit',
  47003: 'argument invalid!',
  87014: 'risky content',
};

export function wxError(errcode: number, errmsg = ERRMSG[errcode] ?? 'local-cloud fault injection'): WxBody {
  return { errcode, errmsg };
}

/** Words the content check treats as risky; enough for tests and the demo. */
export const RISKY_WORDS = ['违禁词', '赌博', '代开发票', '[risky]'];
/** Bytes that make imgSecCheck call an image risky. */
export const RISKY_IMAGE_MARKER = 'LOCAL-CLOUD-RISKY-IMAGE';

const LABEL_NORMAL = 100;
const LABEL_ILLEGAL = 20006;

export const APIS: Record<string, (req: ApiRequest, deps: ApiDeps) => WxBody> = {
  'subscribeMessage.send': ({ params }, { store, clock }) => {
    const touser = params.touser;
    const templateId = params.template_id;
    if (typeof touser !== 'string' || !touser) return wxError(40003);
    if (typeof templateId !== 'string' || !templateId) return wxError(40037);
    if (typeof params.data !== 'object' || params.data === null) return wxError(47003);
    const msgid = store.send({
      touser,
      templateId,
      page: typeof params.page === 'string' ? params.page : null,
      data: params.data,
      miniprogramState: typeof params.miniprogram_state === 'string' ? params.miniprogram_state : null,
      lang: typeof params.lang === 'string' ? params.lang : null,
      sentAt: clock.now().toISOString(),
    });
    if (msgid === undefined) return wxError(43101);
    return { errcode: 0, errmsg: 'ok', msgid };
  },

  'cloudbase.sendSms': ({ params }, deps) => sendSms(params, deps),

  // v2 answers a verdict (errcode 0 either way); v1 (no version) answers 87014 for risky text.
  'security.msgSecCheck': ({ params }) => {
    const content = typeof params.content === 'string' ? params.content : '';
    const hit = RISKY_WORDS.find((w) => content.includes(w));
    if (params.version !== 2 && params.version !== '2') return hit ? wxError(87014) : { errcode: 0, errmsg: 'ok' };
    const label = hit ? LABEL_ILLEGAL : LABEL_NORMAL;
    const suggest = hit ? 'risky' : 'pass';
    return {
      errcode: 0,
      errmsg: 'ok',
      result: { suggest, label },
      detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: hit ? 90 : 0, ...(hit ? { keyword: hit } : {}) }],
      trace_id: createHash('md5').update(content).digest('hex'),
    };
  },

  'security.imgSecCheck': ({ media }) => {
    const image = media.media;
    if (!image || image.value.length === 0) return wxError(47003);
    return image.value.includes(RISKY_IMAGE_MARKER) ? wxError(87014) : { errcode: 0, errmsg: 'ok' };
  },

  // Only a code "phone:<11 digits>" is one WeChat issued: it yields that number (tests and the
  // demo choose it). Any other code answers 40029, as WeChat does for a code it never issued, so
  // the refusal path is as easy to reach as the happy one.
  'phonenumber.getPhoneNumber': ({ params }, { clock, appid }) => {
    const code = params.code;
    const pure = typeof code === 'string' ? /^phone:(1\d{10})$/.exec(code)?.[1] : undefined;
    if (!pure) return wxError(40029);
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: pure,
        purePhoneNumber: pure,
        countryCode: '86',
        watermark: { timestamp: Math.floor(clock.nowMs() / 1000), appid },
      },
    };
  },
};
