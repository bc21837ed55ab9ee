/**
 * The slice of wx-server-sdk's database API the database conformance tests use, typed the way it
 * behaves with promises (the SDK's own typings also allow the callback style, which returns void).
 */
import { initSdk } from '../support/local-cloud';

type SdkDb = ReturnType<ReturnType<typeof initSdk>['database']>;
export type Command = SdkDb['command'];

export type Row = Record<string, unknown> & { _id: string | number };

export interface SdkError {
  errCode: number;
  errMsg: string;
}

export interface Query {
  where(query: object): Query;
  orderBy(field: string, direction: 'asc' | 'desc'): Query;
  skip(n: number): Query;
  limit(n: number): Query;
  field(projection: object): Query;
  get(): Promise<{ data: Row[] }>;
  count(): Promise<{ total: number }>;
  update(options: { data: object }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface DocRef {
  field(projection: object): DocRef;
  get(): Promise<{ data: Row }>;
  update(options: { data: object }): Promise<{ stats: { updated: number } }>;
  set(options: { data: object }): Promise<{ _id: string | number; stats: { updated: number; created: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface Aggregate {
  addFields(v: object): Aggregate;
  count(field: string): Aggregate;
  group(v: object): Aggregate;
  limit(n: number): Aggregate;
  lookup(v: object): Aggregate;
  match(v: object): Aggregate;
  project(v: object): Aggregate;
  skip(n: number): Aggregate;
  sort(v: object): Aggregate;
  unwind(v: string | object): Aggregate;
  end(): Promise<{ list: Row[] }>;
}

export interface Collection extends Query {
  doc(id: string | number): DocRef;
  add(options: { data: object | object[] }): Promise<{ _id?: string | number; _ids?: (string | number)[] }>;
  aggregate(): Aggregate;
}

export interface Transaction {
  collection(name: string): Collection;
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}

export interface Db {
  collection(name: string): Collection;
  command: Command;
  RegExp: SdkDb['RegExp'];
  serverDate(options?: { offset?: number }): unknown;
  createCollection(name: string): Promise<unknown>;
  startTransaction(): Promise<Transaction>;
  runTransaction<T>(run: (tx: Transaction) => Promise<T>, retries?: number): Promise<T>;
}

/** The real SDK's database, inited against the local-cloud at `url`. */
export function sdkDatabase(url: string): Db {
  return initSdk(url).database() as unknown as Db;
}

/** The error a promised SDK call rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<SdkError & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as SdkError & { code?: string };
  }
  throw new Error('expected the SDK call to fail');
}
