/**
 * wx.openApi: node-sdk posts multipart/form-data (`apiName`, `requestData` = protobuf CommApiData
 * whose pairs carry each snake_case parameter as JSON bytes) and expects a protobuf
 * CommOpenApiResp back, `respData` holding WeChat's JSON. The HTTP content type must not be
 * exactly `application/json; charset=utf-8`: node-sdk would then parse the body as a TCB error.
 */
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Clock } from '../clock';
import type { Faults } from '../faults';
import { APIS, wxError, type ApiRequest, type WxBody } from './apis';
import type { FormPart } from './multipart';
import { decodeCommApiData, encodeCommOpenApiResp, type KeyValuePair } from './protobuf';
import { SmsStore, type SentSms } from './sms-store';
import { SubscribeStore, type SentMessage } from './store';

export interface OpenApiOptions {
  sqlite: BetterSqlite3.Database;
  clock: Clock;
  faults: Faults;
  appid: string;
  env: string;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type { SentMessage } from './store';
export type { SentSms } from './sms-store';

/** What `GET /_local/messages` lists: subscribe messages (the default), SMS, or both by send time. */
export type MessageQuery = { kind: 'subscribe'; touser?: string } | { kind: 'sms'; phone?: string } | { kind: 'all'; touser?: string; phone?: string };

/** errcode WeChat answers for an api it does not have (wx-server-sdk: "API not found") */
const API_NOT_FOUND = -604100;

export class OpenApi {
  private readonly store: SubscribeStore;
  private readonly sms: SmsStore;

  constructor(private readonly options: OpenApiOptions) {
    this.store = new SubscribeStore(options.sqlite);
    this.sms = new SmsStore(options.sqlite);
  }

  /** A `wx.openApi` request's multipart form (app.ts routes by its `action` part). */
  handleForm(form: Map<string, FormPart>): HttpAnswer {
    let apiName: string;
    let request: ApiRequest;
    try {
      apiName = form.get('apiName')?.data.toString('utf8') ?? '';
      const requestData = form.get('requestData')?.data;
      if (!apiName || !requestData) return tcbError('INVALID_PARAM', 'apiName and requestData are required');
      request = toApiRequest(decodeCommApiData(requestData).pairs);
    } catch (err) {
      return tcbError('INVALID_PARAM', `bad wx.openApi request: ${err instanceof Error ? err.message : String(err)}`);
    }
    return wxAnswer(this.call(apiName, request));
  }

  /** One more send of each template to this user, as one tap on "allow" gives. */
  grant(openid: string, templateIds: string[]): void {
    this.store.grant(openid, templateIds);
  }

  grants(openid: string): Record<string, number> {
    return this.store.grants(openid);
  }

  messages(touser?: string): SentMessage[] {
    return this.store.messages(touser);
  }

  /** Oldest first; with kind "all", subscribe messages and SMS interleaved by send time. */
  listMessages(query: MessageQuery): (SentMessage | SentSms)[] {
    if (query.kind === 'subscribe') return this.store.messages(query.touser);
    if (query.kind === 'sms') return this.sms.list(query.phone);
    const all: (SentMessage | SentSms)[] = [...this.store.messages(query.touser), ...this.sms.list(query.phone)];
    return all.sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.kind.localeCompare(b.kind) || a.id - b.id);
  }

  reset(): void {
    this.store.reset();
    this.sms.reset();
  }

  private call(apiName: string, request: ApiRequest): WxBody {
    const injected = this.options.faults.openapiErrcode(apiName);
    if (injected !== undefined) return wxError(injected);
    const api = APIS[apiName];
    if (!api) return wxError(API_NOT_FOUND, `local-cloud does not implement openapi ${apiName}`);
    const { clock, appid, env } = this.options;
    return api(request, { store: this.store, sms: this.sms, clock, appid, env });
  }
}

function toApiRequest(pairs: KeyValuePair[]): ApiRequest {
  const request: ApiRequest = { params: {}, media: {} };
  for (const pair of pairs) {
    // A media pair ({ contentType, value: Buffer }) carries raw bytes and a filename. Its content
    // type never arrives: wx-server-sdk sets `contentType` but the protobuf field is `contenttype`.
    if (pair.contentType || pair.filename) {
      request.media[pair.key] = pair;
      continue;
    }
    // values are JSON (wx-server-sdk uses json-bigint; plain JSON.parse is enough for our APIs)
    request.params[pair.key] = JSON.parse(pair.value.toString('utf8')) as unknown;
  }
  return request;
}

function wxAnswer(body: WxBody): HttpAnswer {
  const resp = encodeCommOpenApiResp({ respData: Buffer.from(JSON.stringify(body), 'utf8'), contentType: 'application/json; charset=utf-8' });
  return { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': String(resp.length) }, body: resp };
}

/** A TCB-level failure: JSON with `code`, which node-sdk recognises by this exact content type. */
export function tcbError(code: string, message: string): HttpAnswer {
  const body = Buffer.from(JSON.stringify({ code, message, requestId: randomUUID() }), 'utf8');
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) }, body };
}
