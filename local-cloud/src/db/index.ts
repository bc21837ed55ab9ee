/**
 * The document database of local-cloud: answers the SDK's `database.*` actions (tcb-wire.md)
 * with CloudBase's response shapes. Every request is handled synchronously from decode to
 * commit (no await in between), so a conditional update is atomic even with many concurrent
 * callers. SQLite is the source of truth; the in-memory cache is rebuilt from it on start.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Clock } from '../clock';
import type { DatabaseConfig } from '../config';
import type { Faults } from '../faults';
import type { Stats } from '../stats';
import { Collections, docKey, newId } from './collections';
import { decodeStored, encodeForStorage, type Doc } from './ejson';
import { DbError, errorBody, injectedFault, requestId } from './errors';
import { RequestHandlers, type RequestContext } from './requests';
import { SqliteStore } from './sqlite-store';
import { Transactions } from './transactions';

export interface DocumentDatabaseOptions {
  sqlite: BetterSqlite3.Database;
  clock: Clock;
  faults: Faults;
  stats: Stats;
  config: DatabaseConfig;
}

type Body = Record<string, unknown>;

const WRITE_ACTIONS = new Set([
  'database.insertDocument',
  'database.modifyDocument',
  'database.modifyAndReturnDoc',
  'database.removeDocument',
  'database.commitTransaction',
]);

export class DocumentDatabase {
  private readonly collections: Collections;
  private readonly transactions: Transactions;
  private readonly handlers: RequestHandlers;

  constructor(private readonly opts: DocumentDatabaseOptions) {
    this.collections = new Collections(new SqliteStore(opts.sqlite), opts.config);
    this.transactions = new Transactions(this.collections);
    this.handlers = new RequestHandlers({
      collections: this.collections,
      transactions: this.transactions,
      nowMs: () => opts.clock.nowMs(),
      unindexed: (collection, fields) => opts.stats.unindexedQuery(collection, fields),
    });
  }

  async handle(action: string, body: Body, _ctx: { invocationId?: string }): Promise<Body> {
    try {
      // Injected write faults fail the request before anything is written.
      if (WRITE_ACTIONS.has(action) && this.opts.faults.shouldFailWrite()) throw injectedFault();
      return { ...this.dispatch(action, body), requestId: requestId() };
    } catch (err) {
      if (err instanceof DbError) return errorBody(err.code, err.message);
      return errorBody('DATABASE_REQUEST_FAILED', `[InternalError] ${(err as Error).message ?? String(err)}`);
    }
  }

  private dispatch(action: string, body: Body): Body {
    const h = this.handlers;
    switch (action) {
      case 'database.insertDocument':
        return h.insert(body, this.context(body));
      case 'database.getDocument':
        return h.get(body, this.context(body));
      case 'database.modifyDocument':
        return h.modify(body, this.context(body));
      case 'database.modifyAndReturnDoc':
        return h.modifyAndReturn(body, this.context(body));
      case 'database.removeDocument':
        return h.remove(body, this.context(body));
      case 'database.calculateDocument':
        return h.count(body, this.context(body));
      case 'database.aggregateDocuments':
        return h.aggregate(body, this.context(body));
      case 'database.addCollection':
        return h.addCollection(body);
      case 'database.startTransaction':
        return { transactionId: this.transactions.start().id };
      case 'database.commitTransaction': {
        const tx = this.transactions.get(String(body.transactionId ?? ''));
        this.collections.commit(this.transactions.finish(tx));
        return {};
      }
      case 'database.abortTransaction':
        this.transactions.get(String(body.transactionId ?? ''));
        this.transactions.abort(String(body.transactionId));
        return {};
      default:
        throw new DbError('INVALID_ACTION', `local-cloud does not implement ${action}`);
    }
  }

  /** Reads and writes of a request: committed state, or the transaction named in the body. */
  private context(body: Body): RequestContext {
    const txId = typeof body.transactionId === 'string' && body.transactionId ? body.transactionId : undefined;
    if (!txId) {
      return {
        view: (collection) => {
          const docs = this.collections.docs(collection);
          return { name: collection, get: (key) => docs.get(key), all: () => [...docs.values()] };
        },
        write: (writes) => this.collections.commit(writes),
      };
    }
    const tx = this.transactions.get(txId);
    return {
      view: (collection) => this.transactions.view(tx, collection),
      write: (writes) => this.transactions.stage(tx, writes),
    };
  }

  isEmpty(): boolean {
    return this.collections.isEmpty();
  }

  reset(): void {
    this.transactions.reset();
    this.collections.reset();
  }

  /** Seeds: plain JS documents (Date allowed); `_id` kept or generated. One SQLite transaction. */
  insertMany(collection: string, docs: Record<string, unknown>[]): void {
    if (!this.collections.exists(collection)) {
      throw new Error(`seed: collection "${collection}" is not declared in cloudfunctions/database.json`);
    }
    const existing = this.collections.docs(collection);
    const writes = docs.map((input) => {
      // Round trip through the storage form, so the cache holds exactly what a restart loads.
      const doc: Doc = decodeStored(encodeForStorage(input));
      if (doc._id === undefined) doc._id = newId();
      const key = docKey(doc._id);
      if (existing.has(key)) throw new Error(`seed: duplicate _id ${String(doc._id)} in ${collection}`);
      return { collection, key, doc };
    });
    this.collections.commit(writes);
  }
}
