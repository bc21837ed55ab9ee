/**
 * cloudbase.sendSms (wx.openApi: multipart + protobuf) through the real wx-server-sdk, from a
 * cloud function and from the test process: validation errcodes, per-number status, the record
 * under GET /_local/messages, injected errcodes, durability and reset.
 */
import path from 'node:path';
import { rmSync } from 'node:fs';
import { DEFAULT_TEST_NOW, callFunction, initSdk, localGet, localPost, ROOT, startLocalCloudProcess, type LocalCloudProcess, type WxServerSdk } from '../support/local-cloud';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'functions');

interface Sms {
  kind: 'sms';
  phoneNumber: string;
  smsType: string;
  content: string | null;
  path: string | null;
  templateId: string | null;
  templateParamList: string[] | null;
  useShortName: boolean;
  env: string;
  serialNo: string;
  code: string;
  sentAt: string;
}
type SmserResult = { ok: true; res: { errCode: number; sendStatusList: Record<string, unknown>[] } } | { ok: false; errCode: number; errMsg: string };

let cloud: LocalCloudProcess;
let sdk: WxServerSdk;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'empty', functionsDir: FIXTURES });
  sdk = initSdk(cloud.url);
});
afterAll(async () => {
  await cloud.stop();
  rmSync(cloud.dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await localPost(cloud.url, 'reset', { seed: 'empty', now: DEFAULT_TEST_NOW });
});

const URGENT = { content: '紧急工单 2026112400001 请尽快处理', path: '/pages/index/index', smsType: 'Marketing' };
const sendFromFunction = (params: Record<string, unknown>) => callFunction<SmserResult>(cloud.url, 'smser', 'demo-dispatcher', params);
const sms = (query = 'kind=sms') => localGet<Sms[]>(cloud.url, `messages?${query}`);

describe('cloudbase.sendSms', () => {
  it('sends from a cloud function and answers one status per number, as WeChat does', async () => {
    const out = await sendFromFunction({ ...URGENT, phoneNumberList: ['+8613800000001', '+8613800000002'] });
    expect(out.body).toMatchObject({ ok: true, res: { errCode: 0, errMsg: 'openapi.cloudbase.sendSms:ok' } });
    if (!out.body.ok) throw new Error('unreachable');
    expect(out.body.res.sendStatusList).toEqual([
      { serialNo: expect.stringMatching(/^2026:\d{20}$/), phoneNumber: '+8613800000001', code: 'Ok', message: 'send success', isoCode: 'CN' },
      { serialNo: expect.stringMatching(/^2026:\d{20}$/), phoneNumber: '+8613800000002', code: 'Ok', message: 'send success', isoCode: 'CN' },
    ]);

    const sent = await sms();
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({
      kind: 'sms',
      phoneNumber: '+8613800000001',
      smsType: 'Marketing',
      content: URGENT.content,
      path: URGENT.path,
      env: 'local',
      code: 'Ok',
      serialNo: out.body.res.sendStatusList[0].serialNo,
    });
    // on local-cloud's clock, which runs on from the time the test set
    expect(Math.abs(Date.parse(sent[0].sentAt) - Date.parse(DEFAULT_TEST_NOW))).toBeLessThan(5_000);
  });

  it('lists by phone with or without +86, and keeps SMS out of the subscribe-message listing', async () => {
    await sendFromFunction({ ...URGENT, phoneNumberList: ['+8613800000001'] });
    await sendFromFunction({ ...URGENT, content: '第二条', phoneNumberList: ['+8613800000002'] });
    expect((await sms('phone=13800000002')).map((s) => s.content)).toEqual(['第二条']);
    expect((await sms('phone=%2B8613800000002')).map((s) => s.content)).toEqual(['第二条']);
    expect(await sms('kind=sms&phone=13900000000')).toEqual([]);

    // the default listing is subscribe messages only, as before
    await localPost(cloud.url, 'subscribe', { openid: 'u1', templateIds: ['T'] });
    await sdk.openapi.subscribeMessage.send({ touser: 'u1', templateId: 'T', data: { thing1: { value: 'x' } } });
    expect(await localGet(cloud.url, 'messages')).toEqual([expect.objectContaining({ kind: 'subscribe', touser: 'u1' })]);
    expect(await localGet(cloud.url, 'messages?touser=u1')).toHaveLength(1);
    const all = await localGet<{ kind: string }[]>(cloud.url, 'messages?kind=all');
    expect(all.map((m) => m.kind)).toEqual(['sms', 'sms', 'subscribe']);
    const bad = await fetch(`${cloud.url}/_local/messages?kind=fax`);
    expect(bad.status).toBe(400);
  });

  it('refuses a malformed request with -501007 and records nothing', async () => {
    const cases: Record<string, unknown>[] = [
      { ...URGENT, phoneNumberList: [] },
      { ...URGENT, phoneNumberList: '+8613800000001' },
      { ...URGENT, content: '', phoneNumberList: ['+8613800000001'] },
      { ...URGENT, content: '这'.repeat(31), phoneNumberList: ['+8613800000001'] },
      { ...URGENT, path: undefined, phoneNumberList: ['+8613800000001'] },
      { ...URGENT, smsType: 'Voice', phoneNumberList: ['+8613800000001'] },
      { ...URGENT, env: 'another-env', phoneNumberList: ['+8613800000001'] },
      { smsType: 'Notification', content: '只有内容', phoneNumberList: ['+8613800000001'] },
      { ...URGENT, phoneNumberList: Array.from({ length: 1001 }, (_, i) => `+86138${String(i).padStart(8, '0')}`) },
    ];
    for (const params of cases) {
      const out = await sendFromFunction(params);
      expect(out.body).toMatchObject({ ok: false, errCode: -501007, errMsg: expect.stringContaining('InvalidParameter') });
    }
    expect(await sms()).toEqual([]);
  });

  it('sends a Notification with a template, and gives a number without +86 its own failure', async () => {
    const res = (await sdk.openapi.cloudbase.sendSms({
      env: 'local',
      smsType: 'Notification',
      templateId: '844110',
      templateParamList: ['2026112400001', '水管漏水'],
      phoneNumberList: ['+8613800000001', '13800000009'],
    })) as unknown as { sendStatusList: { phoneNumber: string; code: string }[] };
    expect(res.sendStatusList.map((s) => [s.phoneNumber, s.code])).toEqual([
      ['+8613800000001', 'Ok'],
      ['13800000009', 'InvalidParameterValue.IncorrectPhoneNumber'],
    ]);
    const sent = await sms();
    expect(sent[0]).toMatchObject({ smsType: 'Notification', templateId: '844110', templateParamList: ['2026112400001', '水管漏水'], content: null });
    expect(sent[1].code).toBe('InvalidParameterValue.IncorrectPhoneNumber');
  });

  it('answers an injected errcode without sending, until faults are cleared', async () => {
    await localPost(cloud.url, 'faults', { openapi: { 'cloudbase.sendSms': -501001 } });
    expect((await sendFromFunction({ ...URGENT, phoneNumberList: ['+8613800000001'] })).body).toMatchObject({ ok: false, errCode: -501001 });
    expect(await sms()).toEqual([]);
    await localPost(cloud.url, 'faults', {});
    expect((await sendFromFunction({ ...URGENT, phoneNumberList: ['+8613800000001'] })).body).toMatchObject({ ok: true });
    expect(await sms()).toHaveLength(1);
  });

  it('keeps sent SMS across a kill -9, and forgets them on reset', async () => {
    await sendFromFunction({ ...URGENT, phoneNumberList: ['+8613800000001'] });
    await cloud.kill9();
    cloud = await startLocalCloudProcess({ seed: 'empty', functionsDir: FIXTURES, dataDir: cloud.dataDir });
    sdk = initSdk(cloud.url);
    expect(await sms()).toHaveLength(1);
    await localPost(cloud.url, 'reset', { seed: 'empty', now: DEFAULT_TEST_NOW });
    expect(await sms()).toEqual([]);
  });
});
