/**
 * Acknowledged database writes survive `kill -9` of local-cloud: every write is committed to
 * SQLite (WAL, synchronous=FULL) before the SDK gets its answer, and the restart rebuilds the
 * documents from SQLite alone.
 */
import { rmSync } from 'node:fs';
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { sdkDatabase, type Db, type Row } from './database-sdk';

let first: LocalCloudProcess | undefined;
let second: LocalCloudProcess | undefined;

afterAll(async () => {
  await first?.kill9();
  await second?.kill9();
  if (first) rmSync(first.dataDir, { recursive: true, force: true });
});

describe('durability', () => {
  it('keeps every acknowledged insert, update, remove and transaction across kill -9 and restart', async () => {
    first = await startLocalCloudProcess({ seed: 'empty' });
    const db = sdkDatabase(first.url);
    const _ = db.command;
    const when = new Date('2026-05-06T07:08:09.123Z');

    // 200 inserts, all in flight at once.
    await Promise.all(
      Array.from({ length: 200 }, (_x, i) =>
        db.collection('orders').add({ data: { _id: `d${i}`, i, price: i + 0.5, at: when, tags: [i], status: 'new', hits: 0 } }),
      ),
    );
    // Then concurrent updates of every document, several per document.
    await Promise.all(
      Array.from({ length: 600 }, (_x, k) => db.collection('orders').doc(`d${k % 200}`).update({ data: { hits: _.inc(1), status: 'seen' } })),
    );
    await Promise.all(Array.from({ length: 20 }, (_x, i) => db.collection('orders').doc(`d${i}`).remove()));
    await db.runTransaction(async (tx) => {
      await tx.collection('counters').add({ data: { _id: 'tx', v: 1 } });
      await tx.collection('orders').doc('d199').update({ data: { committedInTx: true } });
    });

    await first.kill9();
    second = await startLocalCloudProcess({ seed: 'empty', dataDir: first.dataDir });
    // wx-server-sdk keeps its first init; a fresh module registry gives a second SDK instance.
    const url = second.url;
    let after: Db | undefined;
    jest.isolateModules(() => {
      after = sdkDatabase(url);
    });
    if (!after) throw new Error('no SDK');

    expect((await after.collection('orders').count()).total).toBe(180);
    const rows: Row[] = [];
    for (let offset = 0; offset < 180; offset += 100) {
      rows.push(...(await after.collection('orders').orderBy('i', 'asc').skip(offset).limit(100).get()).data);
    }
    expect(rows.map((r) => r.i)).toEqual(Array.from({ length: 180 }, (_x, i) => i + 20));
    for (const row of rows) {
      expect(row).toMatchObject({ _id: `d${String(row.i)}`, price: Number(row.i) + 0.5, tags: [row.i], status: 'seen', hits: 3 });
      expect(row.at).toBeInstanceOf(Date);
      expect((row.at as Date).getTime()).toBe(when.getTime());
    }
    expect((await after.collection('orders').doc('d199').get()).data.committedInTx).toBe(true);
    expect((await after.collection('counters').doc('tx').get()).data.v).toBe(1);
  });
});
