/**
 * A collection of 100k documents still works through the SDK: reads by _id stay O(1) (a map
 * lookup), filtered queries, sorting, counting and bulk updates finish in well under a second.
 */
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { sdkDatabase, type Db } from './database-sdk';

let cloud: LocalCloudProcess;
let db: Db;
const TOTAL = 100_000;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'empty' });
  db = sdkDatabase(cloud.url);
  for (let start = 0; start < TOTAL; start += 1000) {
    await db.collection('equipment').add({
      data: Array.from({ length: 1000 }, (_, k) => ({ _id: `e${start + k}`, propertyId: `p${(start + k) % 10}`, n: start + k })),
    });
  }
}, 120_000);
afterAll(async () => {
  await cloud.stop();
});

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe('100k documents in one collection', () => {
  it('reads by _id in constant time', async () => {
    const reads = await timed(async () => {
      for (let i = 0; i < 200; i++) await db.collection('equipment').doc(`e${(i * 499) % TOTAL}`).get();
    });
    expect(reads.ms / 200).toBeLessThan(20);
    expect((await db.collection('equipment').doc('e99999').get()).data).toEqual({ _id: 'e99999', propertyId: 'p9', n: 99999 });
  });

  it('filters, sorts, counts and updates', async () => {
    const _ = db.command;
    const top = await timed(() => db.collection('equipment').where({ propertyId: 'p3' }).orderBy('n', 'desc').limit(3).get());
    expect(top.value.data.map((d) => d.n)).toEqual([99993, 99983, 99973]);
    expect(top.ms).toBeLessThan(1000);
    expect((await db.collection('equipment').count()).total).toBe(TOTAL);
    expect((await db.collection('equipment').where({ n: _.gte(99_990) }).count()).total).toBe(10);
    const updated = await timed(() => db.collection('equipment').where({ propertyId: 'p1' }).update({ data: { checked: true } }));
    expect(updated.value.stats.updated).toBe(TOTAL / 10);
    expect(updated.ms).toBeLessThan(5000);
  });
});
