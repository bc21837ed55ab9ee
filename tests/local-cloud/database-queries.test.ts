/**
 * Conformance of local-cloud's database reads, through the real wx-server-sdk: query commands,
 * EJSON types, limits/order/projection, count, errors and the unindexed-query stat.
 */
import { localGet, startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { rejection, sdkDatabase, type Db, type Row } from './database-sdk';

let cloud: LocalCloudProcess;
let db: Db;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'empty' });
  db = sdkDatabase(cloud.url);
  await db.collection('materials').add({
    data: [
      { _id: 'm1', n: 1, name: 'Apple pipe', tags: ['x', 'y'], spec: { size: 10, unit: 'mm' }, parts: [{ k: 1, v: 'p' }, { k: 2, v: 'q' }] },
      { _id: 'm2', n: 2, name: 'banana valve', tags: ['y'], spec: { size: 20, unit: 'cm' }, parts: [{ k: 3, v: 'p' }] },
      { _id: 'm3', n: 3, name: 'Cherry tape', tags: [], extra: true },
    ],
  });
});
afterAll(async () => {
  await cloud.stop();
});

/** Ids of the `materials` documents a where() returns, in natural order. */
async function ids(query: object): Promise<string[]> {
  const res = await db.collection('materials').where(query).get();
  return res.data.map((d) => String(d._id));
}

describe('query commands', () => {
  it('eq / neq', async () => {
    const _ = db.command;
    expect(await ids({ n: _.eq(1) })).toEqual(['m1']);
    expect(await ids({ n: 2 })).toEqual(['m2']);
    expect(await ids({ n: _.neq(1) })).toEqual(['m2', 'm3']);
  });

  it('lt / lte / gt / gte', async () => {
    const _ = db.command;
    expect(await ids({ n: _.lt(2) })).toEqual(['m1']);
    expect(await ids({ n: _.lte(2) })).toEqual(['m1', 'm2']);
    expect(await ids({ n: _.gt(2) })).toEqual(['m3']);
    expect(await ids({ n: _.gte(2) })).toEqual(['m2', 'm3']);
  });

  it('in / nin', async () => {
    const _ = db.command;
    expect(await ids({ n: _.in([1, 3]) })).toEqual(['m1', 'm3']);
    expect(await ids({ n: _.nin([1, 3]) })).toEqual(['m2']);
  });

  it('and / or, on a field and across fields', async () => {
    const _ = db.command;
    expect(await ids({ n: _.gt(1).and(_.lt(3)) })).toEqual(['m2']);
    expect(await ids(_.and([{ n: _.gt(1) }, { n: _.lt(3) }]))).toEqual(['m2']);
    expect(await ids(_.or([{ n: 1 }, { name: 'Cherry tape' }]))).toEqual(['m1', 'm3']);
    expect(await ids({ n: _.lt(2).or(_.gt(2)) })).toEqual(['m1', 'm3']);
  });

  it('exists', async () => {
    const _ = db.command;
    expect(await ids({ extra: _.exists(true) })).toEqual(['m3']);
    expect(await ids({ extra: _.exists(false) })).toEqual(['m1', 'm2']);
  });

  it('nested objects and dot paths', async () => {
    const _ = db.command;
    expect(await ids({ spec: { unit: 'cm' } })).toEqual(['m2']);
    expect(await ids({ 'spec.size': _.gte(10) })).toEqual(['m1', 'm2']);
    expect(await ids({ 'parts.v': 'p' })).toEqual(['m1', 'm2']);
  });

  it('regular expressions: db.RegExp and a JS RegExp', async () => {
    expect(await ids({ name: db.RegExp({ regexp: '^a', options: 'i' }) })).toEqual(['m1']);
    expect(await ids({ name: /an/ })).toEqual(['m2']);
    expect(await ids({ name: /TAPE$/i })).toEqual(['m3']);
  });

  it('elemMatch / size / all / array contains', async () => {
    const _ = db.command;
    expect(await ids({ parts: _.elemMatch({ k: _.gt(1), v: 'q' }) })).toEqual(['m1']);
    expect(await ids({ tags: _.size(0) })).toEqual(['m3']);
    expect(await ids({ tags: _.size(2) })).toEqual(['m1']);
    expect(await ids({ tags: _.all(['x', 'y']) })).toEqual(['m1']);
    expect(await ids({ tags: 'y' })).toEqual(['m1', 'm2']);
  });
});

describe('EJSON types round-trip', () => {
  it('keeps ints, doubles, dates, regexes, nested arrays, null and booleans', async () => {
    const when = new Date('2026-03-04T05:06:07.089Z');
    const data = { _id: 'types', int: 42, neg: -7, dbl: 1.25, big: 1_700_000_000_123, when, re: /ab+c/i, grid: [[1, 2.5], [[3]]], nil: null, yes: true, text: '中文' };
    await db.collection('equipment').add({ data });
    const got: Row = (await db.collection('equipment').doc('types').get()).data;
    expect(got.when).toBeInstanceOf(Date);
    expect((got.when as Date).toISOString()).toBe(when.toISOString());
    expect(got).toMatchObject({ int: 42, neg: -7, dbl: 1.25, big: 1_700_000_000_123, grid: [[1, 2.5], [[3]]], nil: null, yes: true, text: '中文' });
    // The SDK hands a stored regex back as { pattern, options } (its EJSON → object formatting).
    expect(got.re).toEqual({ pattern: 'ab+c', options: 'i' });
  });

  it('matches dates with range commands', async () => {
    const _ = db.command;
    const res = await db.collection('equipment').where({ when: _.gt(new Date('2026-03-04T00:00:00Z')).and(_.lt(new Date('2026-03-05T00:00:00Z'))) }).get();
    expect(res.data.map((d) => d._id)).toEqual(['types']);
  });

  it('supports numeric document ids', async () => {
    await db.collection('equipment').doc(7).set({ data: { numeric: true } });
    const got = await db.collection('equipment').doc(7).get();
    expect(got.data).toEqual({ _id: 7, numeric: true });
    await expect(db.collection('equipment').doc('7').get()).rejects.toMatchObject({ errMsg: expect.stringContaining('does not exist') });
  });
});

describe('limits, offset, order, projection', () => {
  beforeAll(async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ({ _id: `row${String(i).padStart(4, '0')}`, i, group: i % 3, rank: i % 7 }));
    for (let start = 0; start < rows.length; start += 400) {
      await db.collection('stock_moves').add({ data: rows.slice(start, start + 400) });
    }
  });

  it('returns 100 documents by default and at most 1000', async () => {
    expect((await db.collection('stock_moves').get()).data).toHaveLength(100);
    expect((await db.collection('stock_moves').limit(1000).get()).data).toHaveLength(1000);
    expect((await db.collection('stock_moves').limit(5).get()).data).toHaveLength(5);
  });

  it('skips with offset, in natural order', async () => {
    const res = await db.collection('stock_moves').skip(1195).limit(10).get();
    expect(res.data.map((d) => d.i)).toEqual([1195, 1196, 1197, 1198, 1199]);
  });

  it('orders by several fields', async () => {
    const res = await db.collection('stock_moves').where({ i: db.command.lt(12) }).orderBy('group', 'desc').orderBy('i', 'asc').get();
    expect(res.data.map((d) => d.i)).toEqual([2, 5, 8, 11, 1, 4, 7, 10, 0, 3, 6, 9]);
    const page = await db.collection('stock_moves').orderBy('i', 'desc').skip(10).limit(3).get();
    expect(page.data.map((d) => d.i)).toEqual([1189, 1188, 1187]);
  });

  it('projects fields with field()', async () => {
    const only = await db.collection('stock_moves').where({ i: 5 }).field({ rank: true }).get();
    expect(only.data).toEqual([{ _id: 'row0005', rank: 5 }]);
    const without = await db.collection('stock_moves').doc('row0005').field({ rank: false, group: false }).get();
    expect(without.data).toEqual({ _id: 'row0005', i: 5 });
  });

  it('counts with and without a filter', async () => {
    expect((await db.collection('stock_moves').count()).total).toBe(1200);
    expect((await db.collection('stock_moves').where({ group: 1 }).count()).total).toBe(400);
  });
});

describe('errors as CloudBase answers them', () => {
  it('doc().get of a missing document throws "does not exist"', async () => {
    const err = await rejection(db.collection('materials').doc('nope').get());
    expect(err.errMsg).toContain('document with _id nope does not exist');
  });

  it('a collection that is neither declared nor created → -502005 on read, write and count', async () => {
    const missing = db.collection('no_such_collection');
    for (const call of [missing.where({ a: 1 }).get(), missing.add({ data: { a: 1 } }), missing.count(), missing.doc('x').update({ data: { a: 1 } })]) {
      const err = await rejection(call);
      expect(err.errCode).toBe(-502005);
      expect(err.errMsg).toContain('no_such_collection');
    }
  });

  it('db.createCollection makes a collection usable; creating it again fails', async () => {
    await db.createCollection('made_at_runtime');
    const added = await db.collection('made_at_runtime').add({ data: { a: 1 } });
    expect((await db.collection('made_at_runtime').doc(String(added._id)).get()).data).toMatchObject({ a: 1 });
    await expect(db.createCollection('made_at_runtime')).rejects.toMatchObject({ errMsg: expect.stringContaining('exist') });
  });
});

describe('unindexed-query stat', () => {
  interface Stats {
    unindexedQueries: { collection: string; fields: string[]; count: number }[];
  }
  const unindexed = async (collection: string) =>
    (await localGet<Stats>(cloud.url, 'stats')).unindexedQueries.filter((q) => q.collection === collection);

  it('reports a filter no declared index serves, and not one an index prefix serves', async () => {
    const _ = db.command;
    const orders = db.collection('orders');
    await orders.where({ propertyId: 'p1', status: _.in(['pending', 'assigned']) }).orderBy('createdAt', 'desc').get();
    await orders.where({ 'reporter.openid': 'u1' }).count();
    await orders.doc('some-id').get().catch(() => undefined);
    expect(await unindexed('orders')).toEqual([]);

    await orders.where({ description: _.neq('x'), urgency: 'urgent' }).get();
    await orders.where({ status: 'pending' }).update({ data: { seen: true } });
    expect(await unindexed('orders')).toEqual(
      expect.arrayContaining([
        { collection: 'orders', fields: ['description', 'urgency'], count: 1 },
        { collection: 'orders', fields: ['status'], count: 1 },
      ]),
    );
  });
});
