/**
 * The committed state: which collections exist, and an in-memory cache of each collection's
 * documents (loaded from SQLite on first use). Cached documents are never mutated in place; an
 * update replaces the object. That keeps query results, transaction snapshots and the cache
 * independent without deep copies on every read.
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

export class Collections {
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
    const storeWrites: StoreWrite[] = writes.map((w) =>
      w.doc ? { kind: 'put', collection: w.collection, key: w.key, doc: w.doc } : { kind: 'delete', collection: w.collection, key: w.key },
    );
    this.store.apply(storeWrites);
    this.seq += 1;
    for (const w of writes) {
      const docs = this.docs(w.collection);
      if (w.doc) docs.set(w.key, w.doc);
      else docs.delete(w.key);
      this.lastWrite.set(`${w.collection}\0${w.key}`, this.seq);
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
  }
}
