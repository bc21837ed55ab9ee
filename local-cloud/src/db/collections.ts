/**
 * The committed state: which collections exist, and an in-memory cache of each collection's
 * documents (loaded from SQLite on first use). Cached documents are never mutated in place; an
 * update replaces the object. That keeps query results, transaction snapshots and the cache
 * independent without deep copies on every read.
 *
 * While transactions are live, commit also keeps the versions it replaces, so each transaction
 * reads the snapshot as of its start (MongoDB snapshot isolation): a read-modify-write inside a
 * transaction then always conflicts with a write committed meanwhile, instead of re-applying a
 * stale value that happens to equal the new one.
 */
import { randomBytes } from 'node:crypto';
import type { DatabaseConfig, IndexSpec } from '../config';
import { collectionMissing, DbError } from './errors';
import type { Doc } from './ejson';
import type { SqliteStore, StoreWrite } from './sqlite-store';

/** Map key of a document id: strings as they are, numbers (doc(5)) marked so "5" ≠ 5. */
export function docKey(id: unknown): string {
  if (typeof id === 'string') return id;
  if (typeof id === 'number') return `\u0001n:${id}`;
  throw new DbError('INVALID_PARAM', `_id must be a string or a number, got ${JSON.stringify(id)}`);
}

/** CloudBase ids look like 32 hex characters. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

export interface CommittedWrite {
  collection: string;
  key: string;
  /** null removes the document */
  doc: Doc | null;
}

/** `before` was the document (null: absent) until the commit numbered `seq` replaced it. */
interface PastVersion {
  seq: number;
  before: Doc | null;
}

export class Collections {
  /** collection → key → replaced versions, oldest first; only while transactions are live */
  private readonly history = new Map<string, Map<string, PastVersion[]>>();
  /** start seq of the oldest live transaction (set by Transactions) */
  oldestSnapshot: () => number | undefined = () => undefined;
  private readonly declared: Set<string>;
  private readonly created = new Set<string>();
  private readonly cache = new Map<string, Map<string, Doc>>();
  /** collection\0key → sequence number of the last committed write (for transaction conflicts) */
  private readonly lastWrite = new Map<string, number>();
  private seq = 0;

  constructor(
    private readonly store: SqliteStore,
    private readonly config: DatabaseConfig,
  ) {
    this.declared = new Set(Object.keys(config.collections));
    for (const name of store.createdCollections()) this.created.add(name);
  }

  exists(name: string): boolean {
    return this.declared.has(name) || this.created.has(name);
  }

  create(name: string): boolean {
    if (this.exists(name)) return false;
    this.store.addCollection(name);
    this.created.add(name);
    return true;
  }

  indexes(name: string): IndexSpec[] {
    return this.config.collections[name]?.indexes ?? [];
  }

  /** The committed documents of an existing collection; throws DATABASE_COLLECTION_NOT_EXIST. */
  docs(name: string): Map<string, Doc> {
    if (!this.exists(name)) throw collectionMissing(name);
    let docs = this.cache.get(name);
    if (!docs) {
      docs = new Map();
      for (const doc of this.store.load(name)) docs.set(docKey(doc._id), doc);
      this.cache.set(name, docs);
    }
    return docs;
  }

  /** Sequence number now; a transaction started here conflicts with any later write. */
  currentSeq(): number {
    return this.seq;
  }

  lastWriteSeq(collection: string, key: string): number {
    return this.lastWrite.get(`${collection}\0${key}`) ?? 0;
  }

  /** Writes to SQLite first (throws on failure, cache untouched), then to the cache. */
  commit(writes: CommittedWrite[]): void {
    if (!writes.length) return;
    // Load caches before SQLite changes, so a first load cannot already hold the new versions.
    for (const w of writes) this.docs(w.collection);
    const storeWrites: StoreWrite[] = writes.map((w) =>
      w.doc ? { kind: 'put', collection: w.collection, key: w.key, doc: w.doc } : { kind: 'delete', collection: w.collection, key: w.key },
    );
    this.store.apply(storeWrites);
    this.seq += 1;
    const oldest = this.oldestSnapshot();
    this.pruneHistory(oldest);
    for (const w of writes) {
      const docs = this.docs(w.collection);
      if (oldest !== undefined) this.remember(w.collection, w.key, docs.get(w.key) ?? null);
      if (w.doc) docs.set(w.key, w.doc);
      else docs.delete(w.key);
      this.lastWrite.set(`${w.collection}\0${w.key}`, this.seq);
    }
  }

  /** The document as it was right after commit number `atSeq` (a transaction's snapshot). */
  snapshotGet(collection: string, key: string, atSeq: number): Doc | undefined {
    const current = this.docs(collection).get(key);
    if (this.lastWriteSeq(collection, key) <= atSeq) return current;
    const past = this.history.get(collection)?.get(key)?.find((v) => v.seq > atSeq);
    return past ? (past.before ?? undefined) : current;
  }

  /** All documents of the snapshot after commit `atSeq`, in natural order (deleted ones last). */
  snapshotAll(collection: string, atSeq: number): Doc[] {
    const docs = this.docs(collection);
    const out: Doc[] = [];
    for (const [key, doc] of docs) {
      if (this.lastWriteSeq(collection, key) <= atSeq) out.push(doc);
      else {
        const then = this.snapshotGet(collection, key, atSeq);
        if (then) out.push(then);
      }
    }
    for (const key of this.history.get(collection)?.keys() ?? []) {
      if (docs.has(key)) continue;
      const then = this.snapshotGet(collection, key, atSeq);
      if (then) out.push(then);
    }
    return out;
  }

  private remember(collection: string, key: string, before: Doc | null): void {
    let byKey = this.history.get(collection);
    if (!byKey) this.history.set(collection, (byKey = new Map()));
    const versions = byKey.get(key);
    if (versions) versions.push({ seq: this.seq, before });
    else byKey.set(key, [{ seq: this.seq, before }]);
  }

  /** Versions replaced at or before the oldest live snapshot are never read again. */
  private pruneHistory(oldest: number | undefined): void {
    if (oldest === undefined) {
      this.history.clear();
      return;
    }
    for (const [collection, byKey] of this.history) {
      for (const [key, versions] of byKey) {
        const keep = versions.filter((v) => v.seq > oldest);
        if (keep.length) byKey.set(key, keep);
        else byKey.delete(key);
      }
      if (!byKey.size) this.history.delete(collection);
    }
  }

  isEmpty(): boolean {
    return !this.store.hasDocuments();
  }

  reset(): void {
    this.store.clear();
    this.created.clear();
    this.cache.clear();
    this.lastWrite.clear();
    this.history.clear();
  }
}
