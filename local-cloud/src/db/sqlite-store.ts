/**
 * SQLite is the source of truth: one row per document, canonical EJSON text in `body`. `seq`
 * keeps insertion order, which is the natural order queries without orderBy return (also after a
 * restart). A write batch runs in one SQLite transaction, so it is applied completely or not at
 * all, and with WAL + synchronous=FULL (set by app.ts) it is on disk when `apply` returns.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { decodeStored, encodeForStorage, type Doc } from './ejson';

export type StoreWrite =
  | { kind: 'put'; collection: string; key: string; doc: Doc }
  | { kind: 'delete'; collection: string; key: string };

export class SqliteStore {
  private readonly stmt: {
    put: BetterSqlite3.Statement<[string, string, string]>;
    del: BetterSqlite3.Statement<[string, string]>;
    load: BetterSqlite3.Statement<[string], { body: string }>;
    any: BetterSqlite3.Statement<[], { one: number }>;
    addCollection: BetterSqlite3.Statement<[string]>;
    collections: BetterSqlite3.Statement<[], { name: string }>;
  };
  private readonly applyBatch: (writes: StoreWrite[]) => void;

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    sqlite.exec(`
      CREATE TABLE IF NOT EXISTS db_collections (name TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS db_documents (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (collection, id)
      );
    `);
    this.stmt = {
      // Upsert keeps the row's seq, so an updated document keeps its place in natural order.
      put: sqlite.prepare(
        `INSERT INTO db_documents (collection, id, body) VALUES (?, ?, ?)
         ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body`,
      ),
      del: sqlite.prepare('DELETE FROM db_documents WHERE collection = ? AND id = ?'),
      load: sqlite.prepare('SELECT body FROM db_documents WHERE collection = ? ORDER BY seq'),
      any: sqlite.prepare('SELECT 1 AS one FROM db_documents LIMIT 1'),
      addCollection: sqlite.prepare('INSERT OR IGNORE INTO db_collections (name) VALUES (?)'),
      collections: sqlite.prepare('SELECT name FROM db_collections'),
    };
    this.applyBatch = sqlite.transaction((writes: StoreWrite[]) => {
      for (const w of writes) {
        if (w.kind === 'put') this.stmt.put.run(w.collection, w.key, encodeForStorage(w.doc));
        else this.stmt.del.run(w.collection, w.key);
      }
    });
  }

  /** Commits the writes atomically; throws (and writes nothing) when SQLite fails. */
  apply(writes: StoreWrite[]): void {
    if (writes.length) this.applyBatch(writes);
  }

  load(collection: string): Doc[] {
    return this.stmt.load.all(collection).map((row) => decodeStored(row.body));
  }

  hasDocuments(): boolean {
    return this.stmt.any.get() !== undefined;
  }

  /** Collections created at run time (db.createCollection); declared ones come from config. */
  createdCollections(): string[] {
    return this.stmt.collections.all().map((r) => r.name);
  }

  addCollection(name: string): void {
    this.stmt.addCollection.run(name);
  }

  clear(): void {
    this.sqlite.exec('DELETE FROM db_documents; DELETE FROM db_collections;');
  }
}
