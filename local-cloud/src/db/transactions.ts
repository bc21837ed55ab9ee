/**
 * Transactions, first writer wins:
 * - A transaction reads the committed state as of its start (snapshot) plus its own writes,
 *   which are buffered: nobody else sees them until commit; abort drops them.
 * - Writing a document another live transaction has written fails at once
 *   (DATABASE_TRANSACTION_CONFLICT): the first writer keeps it.
 * - Writing (or committing) a document that anyone committed after this transaction started
 *   fails too, like MongoDB's snapshot write conflict. That also covers plain writes that touch a
 *   document a live transaction has written: the plain write succeeds, the transaction's commit
 *   fails, so neither write is silently lost.
 * - A transaction idle for more than 30 s is discarded (its locks released).
 */
import { randomBytes } from 'node:crypto';
import { docKey, type Collections, type CommittedWrite } from './collections';
import { DbError, transactionConflict } from './errors';
import type { Doc } from './ejson';
import type { CollectionView } from './query';

export const TRANSACTION_IDLE_MS = 30_000;

export class Transaction {
  /** collection\0key → buffered write, in first-write order */
  readonly writes = new Map<string, CommittedWrite>();

  constructor(
    readonly id: string,
    readonly startSeq: number,
    public lastUsedMs: number,
  ) {}
}

const slot = (collection: string, key: string): string => `${collection}\0${key}`;

export class Transactions {
  private readonly live = new Map<string, Transaction>();
  /** document slot → id of the live transaction that wrote it first */
  private readonly locks = new Map<string, string>();

  constructor(
    private readonly collections: Collections,
    private readonly realNow: () => number = Date.now,
    private readonly idleMs = TRANSACTION_IDLE_MS,
  ) {
    collections.oldestSnapshot = () => {
      // Runs on every commit: an abandoned transaction must not keep old versions forever.
      this.sweep();
      let oldest: number | undefined;
      for (const tx of this.live.values()) if (oldest === undefined || tx.startSeq < oldest) oldest = tx.startSeq;
      return oldest;
    };
  }

  start(): Transaction {
    this.sweep();
    const tx = new Transaction(randomBytes(12).toString('hex'), this.collections.currentSeq(), this.realNow());
    this.live.set(tx.id, tx);
    return tx;
  }

  /** The live transaction with this id; throws when unknown, finished or expired. */
  get(id: string): Transaction {
    this.sweep();
    const tx = this.live.get(id);
    if (!tx) throw new DbError('DATABASE_TRANSACTION_FAIL', `[TransactionNotFound] transaction ${id} does not exist or has ended`);
    tx.lastUsedMs = this.realNow();
    return tx;
  }

  /** The collection as the transaction sees it: its start snapshot overlaid with its own writes. */
  view(tx: Transaction, collection: string): CollectionView {
    const c = this.collections;
    c.docs(collection); // throws DATABASE_COLLECTION_NOT_EXIST
    const own = [...tx.writes.values()].filter((w) => w.collection === collection);
    const overlay = new Map(own.map((w) => [w.key, w.doc]));
    return {
      name: collection,
      get: (key) => (overlay.has(key) ? (overlay.get(key) ?? undefined) : c.snapshotGet(collection, key, tx.startSeq)),
      all: () => {
        const base = c.snapshotAll(collection, tx.startSeq);
        if (!overlay.size) return base;
        const out: Doc[] = [];
        const seen = new Set<string>();
        for (const doc of base) {
          const key = docKey(doc._id);
          seen.add(key);
          if (!overlay.has(key)) out.push(doc);
          else {
            const mine = overlay.get(key);
            if (mine) out.push(mine);
          }
        }
        for (const [key, doc] of overlay) if (doc && !seen.has(key)) out.push(doc);
        return out;
      },
    };
  }

  /** Checks that the transaction may write these documents, then buffers the writes. */
  stage(tx: Transaction, writes: CommittedWrite[]): void {
    for (const w of writes) this.checkWritable(tx, w.collection, w.key);
    for (const w of writes) {
      const s = slot(w.collection, w.key);
      this.locks.set(s, tx.id);
      // Re-staging keeps the slot's first position; Map.set on an existing key does that.
      tx.writes.set(s, w);
    }
  }

  /**
   * Validates the commit and ends the transaction. Returns the writes to apply; on conflict the
   * transaction is discarded and the error thrown.
   */
  finish(tx: Transaction): CommittedWrite[] {
    try {
      for (const w of tx.writes.values()) {
        if (this.collections.lastWriteSeq(w.collection, w.key) > tx.startSeq) {
          throw transactionConflict(`document ${describe(w)} was changed by another write after the transaction started`);
        }
      }
      return [...tx.writes.values()];
    } finally {
      this.end(tx.id);
    }
  }

  abort(id: string): void {
    this.end(id);
  }

  reset(): void {
    this.live.clear();
    this.locks.clear();
  }

  private checkWritable(tx: Transaction, collection: string, key: string): void {
    const holder = this.locks.get(slot(collection, key));
    if (holder && holder !== tx.id && this.live.has(holder)) {
      throw transactionConflict(`document ${describe({ collection, key })} is being written by another transaction`);
    }
    if (this.collections.lastWriteSeq(collection, key) > tx.startSeq) {
      throw transactionConflict(`document ${describe({ collection, key })} was changed after the transaction started`);
    }
  }

  private end(id: string): void {
    const tx = this.live.get(id);
    if (!tx) return;
    this.live.delete(id);
    for (const s of tx.writes.keys()) if (this.locks.get(s) === id) this.locks.delete(s);
  }

  private sweep(): void {
    const now = this.realNow();
    for (const tx of [...this.live.values()]) if (now - tx.lastUsedMs > this.idleMs) this.end(tx.id);
  }
}

function describe(w: { collection: string; key: string }): string {
  return `${w.collection}/${w.key.replace('\u0001n:', '')}`;
}
