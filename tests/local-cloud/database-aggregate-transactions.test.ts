/**
 * Conformance of local-cloud's aggregation and transactions, through the real wx-server-sdk.
 */
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { rejection, sdkDatabase, type Db } from './database-sdk';

let cloud: LocalCloudProcess;
let db: Db;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'empty' });
  db = sdkDatabase(cloud.url);
  await db.collection('orders').add({
    data: [
      { _id: 'o1', team: 't1', fee: 10, tags: ['a', 'b'], materialId: 'm1' },
      { _id: 'o2', team: 't1', fee: 30, tags: ['b'], materialId: 'm2' },
      { _id: 'o3', team: 't2', fee: 5, tags: [], materialId: 'm1' },
      { _id: 'o4', team: 't3', fee: 50, tags: ['c'], materialId: 'none' },
    ],
  });
  await db.collection('materials').add({ data: [{ _id: 'm1', name: 'pipe' }, { _id: 'm2', name: 'tape' }] });
});
afterAll(async () => {
  await cloud.stop();
});

const $ = () => db.command.aggregate;

describe('aggregate stages', () => {
  it('never changes stored documents, whether the pipeline only reads or reshapes them', async () => {
    const stored = async () => ({ orders: (await db.collection('orders').where({}).get()).data, materials: (await db.collection('materials').where({}).get()).data });
    const before = await stored();
    // reshaping stages run on copies
    await db.collection('orders').aggregate().match({ _id: 'o1' }).unwind('$tags').project({ 'tags': 0 }).limit(5).end();
    await db.collection('orders').aggregate().lookup({ from: 'materials', localField: 'materialId', foreignField: '_id', as: 'm' }).unwind('$m').addFields({ 'm.name': 'changed' }).limit(5).end();
    // reading stages run on the cache itself
    await db.collection('orders').aggregate().match({ team: 't1' }).lookup({ from: 'materials', localField: 'materialId', foreignField: '_id', as: 'm' }).sort({ fee: -1 }).limit(5).end();
    expect(await stored()).toEqual(before);
  });

  it('$match + $group + $sort', async () => {
    const res = await db
      .collection('orders')
      .aggregate()
      .match({ fee: db.command.gte(5) })
      .group({ _id: '$team', total: $().sum('$fee'), n: $().sum(1) })
      .sort({ total: -1 })
      .end();
    expect(res.list).toEqual([
      { _id: 't3', total: 50, n: 1 },
      { _id: 't1', total: 40, n: 2 },
      { _id: 't2', total: 5, n: 1 },
    ]);
  });

  it('$project + $addFields + $skip + $limit', async () => {
    const res = await db
      .collection('orders')
      .aggregate()
      .sort({ fee: 1 })
      .addFields({ double: $().multiply(['$fee', 2]) })
      .project({ _id: 0, fee: 1, double: 1 })
      .skip(1)
      .limit(2)
      .end();
    expect(res.list).toEqual([
      { fee: 10, double: 20 },
      { fee: 30, double: 60 },
    ]);
  });

  it('$unwind + $count', async () => {
    const unwound = await db.collection('orders').aggregate().unwind('$tags').project({ tags: 1 }).end();
    expect(unwound.list.map((d) => `${String(d._id)}:${String(d.tags)}`)).toEqual(['o1:a', 'o1:b', 'o2:b', 'o4:c']);
    const counted = await db.collection('orders').aggregate().match({ team: 't1' }).count('n').end();
    expect(counted.list).toEqual([{ n: 2 }]);
  });

  it('$lookup with localField/foreignField', async () => {
    const res = await db
      .collection('orders')
      .aggregate()
      .lookup({ from: 'materials', localField: 'materialId', foreignField: '_id', as: 'material' })
      .project({ material: 1 })
      .end();
    expect(res.list).toEqual([
      { _id: 'o1', material: [{ _id: 'm1', name: 'pipe' }] },
      { _id: 'o2', material: [{ _id: 'm2', name: 'tape' }] },
      { _id: 'o3', material: [{ _id: 'm1', name: 'pipe' }] },
      { _id: 'o4', material: [] },
    ]);
  });

  it('returns at most 20 documents without $limit, like CloudBase', async () => {
    await db.collection('stock_moves').add({ data: Array.from({ length: 30 }, (_, i) => ({ i })) });
    expect((await db.collection('stock_moves').aggregate().match({ i: db.command.gte(0) }).end()).list).toHaveLength(20);
    expect((await db.collection('stock_moves').aggregate().match({ i: db.command.gte(0) }).limit(100).end()).list).toHaveLength(30);
  });
});

describe('transactions', () => {
  beforeEach(async () => {
    await db.collection('counters').where({ _id: db.command.exists(true) }).remove();
    await db.collection('counters').add({ data: { _id: 'c', v: 0 } });
  });
  const value = async (id = 'c') => (await db.collection('counters').doc(id).get()).data.v;

  it('runTransaction commits: reads its own writes inside, others see them after commit', async () => {
    let seenOutside: unknown = 'unset';
    const result = await db.runTransaction(async (tx) => {
      const before = await tx.collection('counters').doc('c').get();
      await tx.collection('counters').doc('c').update({ data: { v: Number(before.data.v) + 1 } });
      await tx.collection('counters').add({ data: { _id: 'tx-new', v: 7 } });
      expect((await tx.collection('counters').doc('c').get()).data.v).toBe(1);
      expect((await tx.collection('counters').doc('tx-new').get()).data.v).toBe(7);
      seenOutside = await value();
      await expect(db.collection('counters').doc('tx-new').get()).rejects.toMatchObject({ errMsg: expect.stringContaining('does not exist') });
      return 'done';
    });
    expect(result).toBe('done');
    expect(seenOutside).toBe(0);
    expect(await value()).toBe(1);
    expect(await value('tx-new')).toBe(7);
  });

  it('a transaction that throws is rolled back', async () => {
    const err = await rejection(
      db.runTransaction(async (tx) => {
        await tx.collection('counters').doc('c').update({ data: { v: 100 } });
        await tx.collection('counters').doc('c').set({ data: { v: 200 } });
        throw new Error('changed my mind');
      }),
    );
    expect((err as unknown as Error).message).toBe('changed my mind');
    expect(await value()).toBe(0);
  });

  it('rollback() discards set, add and remove', async () => {
    const tx = await db.startTransaction();
    await tx.collection('counters').doc('c').set({ data: { v: 5 } });
    await tx.collection('counters').add({ data: { _id: 'ghost', v: 1 } });
    await tx.collection('counters').doc('c').remove();
    await tx.rollback();
    expect(await value()).toBe(0);
    await expect(db.collection('counters').doc('ghost').get()).rejects.toMatchObject({ errMsg: expect.stringContaining('does not exist') });
  });

  it('of two transactions writing the same document, the first writer wins and nothing is overwritten', async () => {
    const first = await db.startTransaction();
    const second = await db.startTransaction();
    await first.collection('counters').doc('c').update({ data: { v: 1 } });
    const err = await rejection(second.collection('counters').doc('c').update({ data: { v: 2 } }));
    expect(err.errMsg).toContain('TransactionConflict');
    await first.commit();
    await second.rollback();
    expect(await value()).toBe(1);
  });

  it('a plain write to a document a live transaction wrote makes that transaction fail at commit', async () => {
    const tx = await db.startTransaction();
    await tx.collection('counters').doc('c').update({ data: { v: 1 } });
    await db.collection('counters').doc('c').update({ data: { v: 50 } });
    const err = await rejection(tx.commit());
    expect(err.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await value()).toBe(50);
  });

  it('concurrent read-modify-write transactions never lose an increment', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        db.runTransaction(async (tx) => {
          const doc = await tx.collection('counters').doc('c').get();
          await new Promise((r) => setTimeout(r, 5));
          await tx.collection('counters').doc('c').update({ data: { v: Number(doc.data.v) + 1 } });
        }),
      ),
    );
    const committed = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(committed).toBeGreaterThanOrEqual(1);
    expect(await value()).toBe(committed);
  });
});
