/**
 * A transaction idle for more than 30 s is discarded and releases its documents (checked on the
 * database module directly, with a fake clock, since the SDK cannot wait 30 s in a test).
 */
import BetterSqlite3 from 'better-sqlite3';
import { Collections } from '../../local-cloud/src/db/collections';
import { SqliteStore } from '../../local-cloud/src/db/sqlite-store';
import { TRANSACTION_IDLE_MS, Transactions } from '../../local-cloud/src/db/transactions';

function setup() {
  let now = 1_000_000;
  const collections = new Collections(new SqliteStore(new BetterSqlite3(':memory:')), { collections: { counters: { indexes: [] } } });
  collections.commit([{ collection: 'counters', key: 'c', doc: { _id: 'c', v: 0 } }]);
  const transactions = new Transactions(collections, () => now);
  return { collections, transactions, advance: (ms: number) => (now += ms) };
}

describe('transaction expiry', () => {
  it('discards a transaction idle for more than 30 s and frees what it wrote', () => {
    const { transactions, advance } = setup();
    const idle = transactions.start();
    transactions.stage(idle, [{ collection: 'counters', key: 'c', doc: { _id: 'c', v: 1 } }]);
    const other = transactions.start();
    expect(() => transactions.stage(other, [{ collection: 'counters', key: 'c', doc: { _id: 'c', v: 2 } }])).toThrow(/another transaction/);

    advance(TRANSACTION_IDLE_MS + 1);
    const fresh = transactions.start();
    expect(() => transactions.get(idle.id)).toThrow(/does not exist or has ended/);
    expect(() => transactions.stage(fresh, [{ collection: 'counters', key: 'c', doc: { _id: 'c', v: 3 } }])).not.toThrow();
  });

  it('keeps a transaction that is used within 30 s', () => {
    const { transactions, advance } = setup();
    const tx = transactions.start();
    advance(TRANSACTION_IDLE_MS - 1);
    transactions.get(tx.id);
    advance(TRANSACTION_IDLE_MS - 1);
    expect(transactions.get(tx.id).id).toBe(tx.id);
  });
});
