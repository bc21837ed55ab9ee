#!/usr/bin/env node
/**
 * `npm run demo`: an order's whole life through local-cloud's HTTP interface, as the people of the
 * demo property would live it, printing each step. Starts its own local-cloud (fresh data, a free
 * port) unless `--url http://127.0.0.1:9000` points at a running one (which it then resets).
 * It plays today at 10:00 in Shanghai, or the moment `--now <ISO time>` names.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATUS = {
  pending: '待派单',
  assigned: '待接单',
  accepted: '待上门',
  in_progress: '处理中',
  on_hold: '挂起',
  completed: '待评价',
  closed: '已完结',
  cancelled: '已取消',
};
const WHO = {
  'demo-resident': '住户 张伟',
  'demo-dispatcher': '客服 陈静',
  'demo-tech-1': '师傅 王建国',
  'demo-tech-2': '师傅 赵强',
};

async function startOwnCloud() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'local-cloud-demo-'));
  const child = spawn(process.execPath, [path.join(root, 'dist/local-cloud/main.js'), '--port', '0', '--data', dataDir, '--quiet', '--no-timers'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const msg = JSON.parse(line);
        if (msg.event === 'listening') resolve(msg.url);
      } catch {
        // not the announcement
      }
    });
    child.once('exit', (code) => reject(new Error(`local-cloud exited with ${code}`)));
  });
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function makeClient(url) {
  let seq = 0;
  return async function api(openid, action, payload) {
    const res = await fetch(`${url}/functions/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
      body: JSON.stringify({ action, payload, requestId: `demo-${Date.now()}-${++seq}` }),
    });
    const body = await res.json();
    const db = res.headers.get('x-local-db-requests');
    if (!body.ok) throw new Error(`${action} as ${openid} failed: ${JSON.stringify(body.error ?? body)}`);
    return { data: body.data, db };
  };
}

function show(openid, what, order, db) {
  console.log(`  ✓ ${WHO[openid] ?? openid} · ${what} → ${STATUS[order.status]} (${order.status}) · 单号 ${order.orderNo} · ${db} database requests`);
}

const yuan = (fen) => (fen / 100).toFixed(2);

/** A paid repair (空调维修, 30 元 visit fee): the quote, the completion, WeChat Pay and its callback. */
async function payDemo(api, url) {
  console.log('\n付费维修：报价、完工、支付 (a paid repair: quote, complete, pay):');
  let r = await api('demo-resident', 'order.create', {
    propertyId: 'demo',
    categoryId: 'demo-appliance-ac',
    description: '卧室空调不制冷',
    location: { kind: 'unit', text: '1栋101 主卧' },
  });
  const id = r.data.id;
  show('demo-resident', '报修：空调维修（上门费 30 元）', r.data, r.db);
  r = await api('demo-dispatcher', 'order.assign', { orderId: id, technicianId: 'demo-tech-2' });
  show('demo-dispatcher', '派单给 赵强', r.data, r.db);
  r = await api('demo-tech-2', 'order.accept', { orderId: id });
  show('demo-tech-2', '接单', r.data, r.db);
  r = await api('demo-tech-2', 'order.checkIn', { orderId: id });
  show('demo-tech-2', '上门签到', r.data, r.db);
  const work = { orderId: id, summary: '清洗滤网，更换空气开关', workMinutes: 40, materials: [{ materialId: 'demo-mat-breaker', qty: 1 }] };
  r = await api('demo-tech-2', 'order.quote', work);
  const q = r.data;
  console.log(`  ¥ 师傅 赵强 · 报价 ${yuan(q.total)} 元 = 人工 ${yuan(q.labor)} + 上门费 ${yuan(q.visit)} + 材料 ${yuan(q.materials)} · 住户应付 ${yuan(q.due)} 元`);
  r = await api('demo-tech-2', 'order.complete', work);
  show('demo-tech-2', `完工：应付 ${yuan(r.data.fee.due)} 元`, r.data, r.db);
  r = await api('demo-resident', 'order.pay', { orderId: id });
  const { outTradeNo, payment } = r.data;
  console.log(`  ¥ 住户 张伟 · order.pay → ${outTradeNo}，wx.requestPayment({ package: '${payment.package}', signType: '${payment.signType}', … })`);
  // the resident pays in WeChat; WeChat Pay then calls payNotify (locally: POST /_local/pay/<outTradeNo>)
  const res = await fetch(`${url}/_local/pay/${outTradeNo}`, { method: 'POST', body: JSON.stringify({ result: 'SUCCESS' }) });
  console.log(`  ¥ 微信支付回调 payNotify → ${JSON.stringify(await res.json())}`);
  r = await api('demo-resident', 'order.get', { orderId: id });
  show('demo-resident', `已支付 ${yuan(r.data.fee.paidAmount)} 元（fee.paid: ${r.data.fee.paid}）`, r.data, r.db);
}

async function main() {
  const urlArg = process.argv.indexOf('--url');
  const own = urlArg < 0 ? await startOwnCloud() : { url: process.argv[urlArg + 1], stop: () => undefined };
  const { url } = own;
  const api = makeClient(url);
  const post = (route, body) => fetch(`${url}/_local/${route}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
  try {
    // A morning in business hours, so the order waits in the team pool.
    const nowArg = process.argv.indexOf('--now');
    const now = nowArg >= 0 ? process.argv[nowArg + 1] : `${new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })}T10:00:00+08:00`;
    const reset = await post('reset', { seed: 'demo', now });
    if (!reset.ok) throw new Error(`cannot reset local-cloud at ${now}: ${reset.message}`);
    const shown = new Date(reset.now).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);
    console.log(`local-cloud ${url} · 示范小区 · ${shown} (Asia/Shanghai)\n`);

    console.log('一张报修单的一生 (the whole life of a repair order):');
    let r = await api('demo-resident', 'order.create', {
      propertyId: 'demo',
      categoryId: 'demo-water-leak',
      description: '厨房水槽下水管接头漏水，地面有积水',
      location: { kind: 'unit', text: '1栋101 厨房' },
    });
    const id = r.data.id;
    show('demo-resident', '报修：水管漏水', r.data, r.db);
    r = await api('demo-dispatcher', 'order.assign', { orderId: id, technicianId: 'demo-tech-2' });
    show('demo-dispatcher', '派单给 赵强', r.data, r.db);
    r = await api('demo-tech-2', 'order.accept', { orderId: id });
    show('demo-tech-2', '接单', r.data, r.db);
    await post('time', { advanceMinutes: 25 });
    r = await api('demo-tech-2', 'order.checkIn', { orderId: id, location: { lat: 31.2304, lng: 121.4737 } });
    show('demo-tech-2', '上门签到', r.data, r.db);
    r = await api('demo-tech-2', 'order.progress', { orderId: id, note: '已关闭进水阀，更换接头中' });
    show('demo-tech-2', '进度：更换接头中', r.data, r.db);
    await post('time', { advanceMinutes: 40 });
    r = await api('demo-tech-2', 'order.complete', {
      orderId: id,
      summary: '更换下水管接头，缠生料带，试水无渗漏',
      workMinutes: 40,
      materials: [{ materialId: 'demo-mat-tape', qty: 1 }],
    });
    show('demo-tech-2', `完工：材料 ${(r.data.fee.materials / 100).toFixed(2)} 元`, r.data, r.db);
    r = await api('demo-resident', 'order.rate', { orderId: id, score: 5, comment: '师傅来得快，修得好' });
    show('demo-resident', '评价 5 星', r.data, r.db);
    const { data: full } = await api('demo-resident', 'order.get', { orderId: id });
    console.log(`  时间线 (timeline): ${full.timeline.map((e) => e.step).join(' → ')}\n`);

    console.log('拒单后重新派单 (reject → re-dispatch):');
    r = await api('demo-resident', 'order.create', {
      propertyId: 'demo',
      categoryId: 'demo-public-light',
      description: '3单元楼道灯不亮',
      location: { kind: 'public', text: '1栋3单元 2楼楼道' },
    });
    const second = r.data.id;
    show('demo-resident', '报修：楼道照明', r.data, r.db);
    r = await api('demo-dispatcher', 'order.assign', { orderId: second, technicianId: 'demo-tech-2' });
    show('demo-dispatcher', '派单给 赵强', r.data, r.db);
    r = await api('demo-tech-2', 'order.reject', { orderId: second, reason: '正在外区支援，今天无法上门' });
    show('demo-tech-2', '拒单（外区支援）', r.data, r.db);
    r = await api('demo-dispatcher', 'order.assign', { orderId: second, technicianId: 'demo-tech-1' });
    show('demo-dispatcher', '改派给 王建国', r.data, r.db);
    r = await api('demo-tech-1', 'order.accept', { orderId: second });
    show('demo-tech-1', '接单', r.data, r.db);

    await payDemo(api, url);
    console.log('\nDone. Every step above went through POST /functions/api as that person.');
  } finally {
    own.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
