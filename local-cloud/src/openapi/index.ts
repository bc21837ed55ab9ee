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
import { parseMultipart } from './multipart';
import { decodeCommApiData, encodeCommOpenApiResp, type KeyValuePair } from './protobuf';
import { SubscribeStore, type SentMessage } from './store';

export interface OpenApiOptions {
  sqlite: BetterSqlite3.Database;
  clock: Clock;
  faults: Faults;
  appid: string;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type { SentMessage } from './store';

/** errcode WeChat answers for an api it does not have (wx-server-sdk: "API not found") */
const API_NOT_FOUND = -604100;

export class OpenApi {
  private readonly store: SubscribeStore;

  constructor(private readonly options: OpenApiOptions) {
    this.store = new SubscribeStore(options.sqlite);
  }

  async handleMultipart(body: Buffer, contentType: string): Promise<HttpAnswer> {
    let apiName: string;
    let request: ApiRequest;
    try {
      const form = parseMultipart(body, contentType);
      const action = form.get('action')?.data.toString('utf8');
      if (action !== undefined && action !== 'wx.openApi') return tcbError('INVALID_ACTION', `local-cloud does not implement ${action}`);
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

  reset(): void {
    this.store.reset();
  }

  private call(apiName: string, request: ApiRequest): WxBody {
    const injected = this.options.faults.openapiErrcode(apiName);
    if (injected !== undefined) return wxError(injected);
    const api = APIS[apiName];
    if (!api) return wxError(API_NOT_FOUND, `local-cloud does not implement openapi ${apiName}`);
    return api(request, { store: this.store, clock: this.options.clock, appid: this.options.appid });
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
function tcbError(code: string, message: string): HttpAnswer {
  const body = Buffer.from(JSON.stringify({ code, message, requestId: randomUUID() }), 'utf8');
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) }, body };
}
