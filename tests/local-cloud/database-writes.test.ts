/**
 * Conformance of local-cloud's database writes, through the real wx-server-sdk: add, every update
 * operator the SDK emits, set/upsert, remove, serverDate, atomic conditional updates and
 * injected write faults.
 */
import { localPost, startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { rejection, sdkDatabase, type Db, type Row } from './database-sdk';

let cloud: LocalCloudProcess;
let db: Db;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'empty' });
  db = sdkDatabase(cloud.url);
});
afterAll(async () => {
  await cloud.stop();
});

let n = 0;
/** A fresh `materials` document with this content; returns its id. */
async function fresh(data: object): Promise<string> {
  n += 1;
  const id = `w${n}`;
  await db.collection('materials').add({ data: { _id: id, ...data } });
  return id;
}

/** Applies an update to a fresh document and returns the document afterwards (without _id). */
async function afterUpdate(initial: object, update: (cmd: Db['command']) => object, updated = 1): Promise<Record<string, unknown>> {
  const id = await fresh(initial);
  const res = await db.collection('materials').doc(id).update({ data: update(db.command) });
  // Like MongoDB (nModified), an update that leaves the document as it was reports 0.
  expect(res.stats.updated).toBe(updated);
  const { _id, ...rest } = (await db.collection('materials').doc(id).get()).data;
  expect(_id).toBe(id);
  return rest;
}

describe('add', () => {
  it('generates an _id, or keeps the given one', async () => {
    const generated = await db.collection('materials').add({ data: { name: 'a' } });
    expect(generated._id).toMatch(/^[0-9a-f]{32}$/);
    const given = await db.collection('materials').add({ data: { _id: 'given-id', name: 'b' } });
    expect(given._id).toBe('given-id');
    expect((await db.collection('materials').doc('given-id').get()).data).toEqual({ _id: 'given-id', name: 'b' });
  });

  it('adds several documents at once', async () => {
    const res = await db.collection('materials').add({ data: [{ _id: 'batch-1' }, { name: 'x' }] });
    expect(res._ids).toHaveLength(2);
    expect(res._ids?.[0]).toBe('batch-1');
  });

  it('refuses a duplicate _id with the duplicate-key error and keeps the first document', async () => {
    await db.collection('materials').add({ data: { _id: 'dup', v: 1 } });
    const err = await rejection(db.collection('materials').add({ data: { _id: 'dup', v: 2 } }));
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toContain('E11000 duplicate key');
    expect((await db.collection('materials').doc('dup').get()).data).toEqual({ _id: 'dup', v: 1 });
  });

  it('enforces declared unique indexes (invites.code)', async () => {
    await db.collection('invites').add({ data: { code: 'JOIN-1' } });
    const err = await rejection(db.collection('invites').add({ data: { code: 'JOIN-1' } }));
    expect(err.errMsg).toContain('duplicate key');
    expect((await db.collection('invites').where({ code: 'JOIN-1' }).count()).total).toBe(1);
  });
});

describe('update operators', () => {
  it('plain fields → $set, nested objects merge (flattened to dot paths)', async () => {
    expect(await afterUpdate({ a: 1, o: { x: 1, y: 1 } }, () => ({ a: 2, o: { y: 5, z: 6 } }))).toEqual({ a: 2, o: { x: 1, y: 5, z: 6 } });
  });

  it('dot paths, including array indexes', async () => {
    expect(await afterUpdate({ o: { deep: { v: 1 } }, arr: [1, 2, 3] }, () => ({ 'o.deep.v': 9, 'arr.1': 20 }))).toEqual({ o: { deep: { v: 9 } }, arr: [1, 20, 3] });
  });

  it('_.set replaces a whole sub-object', async () => {
    expect(await afterUpdate({ o: { x: 1, y: 1 } }, (_) => ({ o: _.set({ z: 3 }) }))).toEqual({ o: { z: 3 } });
  });

  it('$inc and $mul', async () => {
    expect(await afterUpdate({ a: 5, b: 3 }, (_) => ({ a: _.inc(-2), b: _.mul(1.5), c: _.inc(1) }))).toEqual({ a: 3, b: 4.5, c: 1 });
  });

  it('$unset through _.remove()', async () => {
    expect(await afterUpdate({ a: 1, b: 2 }, (_) => ({ b: _.remove() }))).toEqual({ a: 1 });
  });

  it('$push with values, and with each/position/slice/sort', async () => {
    expect(await afterUpdate({ t: [1] }, (_) => ({ t: _.push([2, 3]) }))).toEqual({ t: [1, 2, 3] });
    expect(await afterUpdate({ t: ['x', 'y'] }, (_) => ({ t: _.push({ each: ['z', 'w'], position: 0, sort: 1, slice: 3 }) }))).toEqual({ t: ['w', 'x', 'y'] });
    expect(await afterUpdate({ t: [3] }, (_) => ({ t: _.push({ each: [1, 2], position: 0 }) }))).toEqual({ t: [1, 2, 3] });
    expect(await afterUpdate({ t: [1] }, (_) => ({ t: _.unshift([0]) }))).toEqual({ t: [0, 1] });
  });

  it('$pull by value and by condition, $pullAll', async () => {
    expect(await afterUpdate({ t: [1, 2, 1, 3] }, (_) => ({ t: _.pull(1) }))).toEqual({ t: [2, 3] });
    expect(await afterUpdate({ t: [{ k: 1 }, { k: 5 }] }, (_) => ({ t: _.pull({ k: _.gt(2) }) }))).toEqual({ t: [{ k: 1 }] });
    expect(await afterUpdate({ t: [1, 2, 3, 2] }, (_) => ({ t: _.pullAll([2, 3]) }))).toEqual({ t: [1] });
  });

  it('$addToSet, alone and with $each', async () => {
    expect(await afterUpdate({ t: ['a'] }, (_) => ({ t: _.addToSet('b') }))).toEqual({ t: ['a', 'b'] });
    expect(await afterUpdate({ t: ['a'] }, (_) => ({ t: _.addToSet({ $each: ['a', 'c', 'c'] }) }))).toEqual({ t: ['a', 'c'] });
  });

  it('$pop through pop() and shift()', async () => {
    expect(await afterUpdate({ t: [1, 2, 3] }, (_) => ({ t: _.pop() }))).toEqual({ t: [1, 2] });
    expect(await afterUpdate({ t: [1, 2, 3] }, (_) => ({ t: _.shift() }))).toEqual({ t: [2, 3] });
  });

  it('$min, $max and $rename', async () => {
    expect(await afterUpdate({ lo: 5, hi: 5 }, (_) => ({ lo: _.min(3), hi: _.max(9) }))).toEqual({ lo: 3, hi: 9 });
    expect(await afterUpdate({ lo: 5, hi: 5 }, (_) => ({ lo: _.min(8), hi: _.max(1) }), 0)).toEqual({ lo: 5, hi: 5 });
    expect(await afterUpdate({ old: 1 }, (_) => ({ old: _.rename('renamed') }))).toEqual({ renamed: 1 });
  });

  it('where().update() updates every match and reports the count', async () => {
    await db.collection('counters').add({ data: [{ kind: 'k', v: 1 }, { kind: 'k', v: 2 }, { kind: 'other', v: 3 }] });
    const res = await db.collection('counters').where({ kind: 'k' }).update({ data: { v: db.command.inc(10) } });
    expect(res.stats.updated).toBe(2);
    const rows = (await db.collection('counters').where({ kind: db.command.in(['k', 'other']) }).orderBy('v', 'asc').get()).data;
    expect(rows.map((r) => r.v)).toEqual([3, 11, 12]);
  });

  it('an update of a missing document changes nothing', async () => {
    const res = await db.collection('materials').doc('never-added').update({ data: { a: 1 } });
    expect(res.stats.updated).toBe(0);
    await expect(db.collection('materials').doc('never-added').get()).rejects.toMatchObject({ errMsg: expect.stringContaining('does not exist') });
  });
});

describe('set (replace, upsert)', () => {
  it('creates a missing document', async () => {
    const res = await db.collection('materials').doc('set-new').set({ data: { a: 1 } });
    expect(res).toMatchObject({ _id: 'set-new', stats: { updated: 0, created: 1 } });
    expect((await db.collection('materials').doc('set-new').get()).data).toEqual({ _id: 'set-new', a: 1 });
  });

  it('replaces an existing document entirely', async () => {
    const id = await fresh({ a: 1, b: { c: 2 } });
    const res = await db.collection('materials').doc(id).set({ data: { z: 26 } });
    expect(res.stats).toEqual({ updated: 1, created: 0 });
    expect((await db.collection('materials').doc(id).get()).data).toEqual({ _id: id, z: 26 });
  });
});

describe('remove', () => {
  it('removes one document by id, and by where()', async () => {
    const id = await fresh({ gone: true });
    expect((await db.collection('materials').doc(id).remove()).stats.removed).toBe(1);
    await expect(db.collection('materials').doc(id).get()).rejects.toMatchObject({ errMsg: expect.stringContaining('does not exist') });

    await db.collection('equipment').add({ data: [{ batch: 'r' }, { batch: 'r' }, { batch: 'keep' }] });
    expect((await db.collection('equipment').where({ batch: 'r' }).remove()).stats.removed).toBe(2);
    expect((await db.collection('equipment').where({ batch: db.command.exists(true) }).count()).total).toBe(1);
  });
});

describe('serverDate', () => {
  it('is the local-cloud clock (plus offset) in added data and in updates', async () => {
    const { now } = await localPost<{ now: string }>(cloud.url, 'time', { now: '2030-01-02T03:04:05.000Z' });
    const added = await db.collection('materials').add({ data: { at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) } });
    const id = String(added._id);
    const doc: Row = (await db.collection('materials').doc(id).get()).data;
    expect(doc.at).toBeInstanceOf(Date);
    expect(Math.abs((doc.at as Date).getTime() - Date.parse(now))).toBeLessThan(2_000);
    expect((doc.later as Date).getTime() - (doc.at as Date).getTime()).toBe(60_000);

    await localPost(cloud.url, 'time', { advanceMinutes: 60 });
    await db.collection('materials').doc(id).update({ data: { at: db.serverDate() } });
    const updated: Row = (await db.collection('materials').doc(id).get()).data;
    expect(Math.abs((updated.at as Date).getTime() - Date.parse(now) - 3_600_000)).toBeLessThan(2_000);
  });
});

describe('atomic conditional update', () => {
  it('exactly one of 50 concurrent where({_id, status, version}).update() wins', async () => {
    await db.collection('orders').add({ data: { _id: 'race', status: 'pending', version: 1 } });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db.collection('orders').where({ _id: 'race', status: 'pending', version: 1 }).update({ data: { status: 'taken', version: 2, by: i } }),
      ),
    );
    expect(results.filter((r) => r.stats.updated === 1)).toHaveLength(1);
    expect(results.filter((r) => r.stats.updated === 0)).toHaveLength(49);
    expect((await db.collection('orders').doc('race').get()).data).toMatchObject({ status: 'taken', version: 2 });
  });
});

describe('injected write faults', () => {
  it('fails the Nth write and writes nothing for it', async () => {
    await localPost(cloud.url, 'faults', { failWrite: { nth: 2 } });
    await db.collection('materials').add({ data: { _id: 'fault-1' } });
    const err = await rejection(db.collection('materials').add({ data: { _id: 'fault-2' } }));
    expect(err.errCode).toBe(-502001);
    await db.collection('materials').add({ data: { _id: 'fault-3' } });
    const got = await db.collection('materials').where({ _id: db.command.in(['fault-1', 'fault-2', 'fault-3']) }).get();
    expect(got.data.map((d) => d._id)).toEqual(['fault-1', 'fault-3']);
  });
});
