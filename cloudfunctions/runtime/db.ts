/**
 * A typed face on wx-server-sdk's database. The SDK's own typings declare results as
 * `Promise<T> | void | string` (callback overloads), so every call is narrowed here once
 * instead of cast in each handler. It adds no behaviour: one method = one SDK request.
 */
import { getCloud, type Database } from './cloud';

export type Where = Record<string, unknown>;

export interface ListOptions {
  orderBy?: [field: string, direction: 'asc' | 'desc'][];
  skip?: number;
  limit?: number;
  fields?: Record<string, boolean>;
}

export interface Store {
  readonly command: Database['command'];
  list<T>(collection: string, where: Where, options?: ListOptions): Promise<T[]>;
  /** undefined when absent (one request; no throw for a missing document) */
  get<T>(collection: string, id: string): Promise<T | undefined>;
  count(collection: string, where: Where): Promise<number>;
  insert(collection: string, doc: Record<string, unknown>): Promise<string>;
  /** several documents in one request; all or none (a duplicate id fails the whole batch) */
  insertMany(collection: string, docs: Record<string, unknown>[]): Promise<void>;
  /** conditional update: how many documents matched and changed (0 = lost race / not found) */
  updateWhere(collection: string, where: Where, data: Record<string, unknown>): Promise<number>;
  updateById(collection: string, id: string, data: Record<string, unknown>): Promise<number>;
  removeWhere(collection: string, where: Where): Promise<number>;
  /**
   * One aggregate request: stages are [builder method, argument] pairs, e.g.
   * [['match', { _id }], ['lookup', { from, localField, foreignField, as }], ['limit', 1]].
   * CloudBase answers at most 20 documents unless the pipeline has a limit.
   */
  aggregate<T>(collection: string, stages: AggregateStage[]): Promise<T[]>;
  /** a sub-pipeline for `lookup({ from, pipeline, as })` */
  pipeline(stages: AggregateStage[]): unknown;
  /** a where condition matching documents that match any branch (builds a query; no request) */
  anyOf(branches: Where[]): Where;
  /** a db.RegExp for a where value; `pattern` must already be escaped if it came from a user (no request) */
  regExp(pattern: string, flags?: string): unknown;
}

export type AggregateStage = [stage: 'match' | 'lookup' | 'group' | 'sort' | 'project' | 'limit' | 'skip' | 'unwind' | 'count' | 'addFields', argument: unknown];

/** The SDK's aggregate builder, as far as we use it: each stage method returns the builder. */
interface AggregateBuilder {
  end(): Promise<{ list: unknown[] }>;
  done(): unknown;
}

function applyStages(builder: unknown, stages: AggregateStage[]): AggregateBuilder {
  let b = builder as Record<string, (arg: unknown) => unknown>;
  for (const [stage, argument] of stages) b = b[stage](argument) as Record<string, (arg: unknown) => unknown>;
  return b as unknown as AggregateBuilder;
}

async function settle<T>(call: Promise<T> | void | string): Promise<T> {
  if (!call || typeof call === 'string') throw new Error('wx-server-sdk returned no promise');
  return call;
}

export function createStore(database: Database = getCloud().database()): Store {
  return {
    command: database.command,
    async list<T>(collection: string, where: Where, options: ListOptions = {}): Promise<T[]> {
      let query = database.collection(collection).where(where);
      for (const [field, direction] of options.orderBy ?? []) query = query.orderBy(field, direction);
      if (options.skip) query = query.skip(options.skip);
      query = query.limit(options.limit ?? 100);
      if (options.fields) query = query.field(options.fields);
      const { data } = await settle(query.get());
      return data as T[];
    },
    async get<T>(collection: string, id: string): Promise<T | undefined> {
      const { data } = await settle(database.collection(collection).where({ _id: id }).limit(1).get());
      return data[0] as T | undefined;
    },
    async count(collection: string, where: Where): Promise<number> {
      const { total } = await settle(database.collection(collection).where(where).count());
      return total;
    },
    async insert(collection: string, doc: Record<string, unknown>): Promise<string> {
      const { _id } = await settle(database.collection(collection).add({ data: doc }));
      return String(_id);
    },
    async insertMany(collection: string, docs: Record<string, unknown>[]): Promise<void> {
      // add() takes an array too (one insertDocument request); the typings only declare one document
      await settle(database.collection(collection).add({ data: docs as unknown as Record<string, unknown> }));
    },
    async updateWhere(collection: string, where: Where, data: Record<string, unknown>): Promise<number> {
      const { stats } = await settle(database.collection(collection).where(where).update({ data }));
      return stats.updated;
    },
    async updateById(collection: string, id: string, data: Record<string, unknown>): Promise<number> {
      const { stats } = await settle(database.collection(collection).doc(id).update({ data }));
      return stats.updated;
    },
    async removeWhere(collection: string, where: Where): Promise<number> {
      const { stats } = await settle(database.collection(collection).where(where).remove());
      return stats.removed;
    },
    async aggregate<T>(collection: string, stages: AggregateStage[]): Promise<T[]> {
      const { list } = await applyStages(database.collection(collection).aggregate(), stages).end();
      return list as T[];
    },
    pipeline(stages: AggregateStage[]): unknown {
      // `pipeline()` exists at run time (@cloudbase/database) but is missing from wx-server-sdk's typings.
      const aggregateCommand = database.command.aggregate as unknown as { pipeline(): unknown };
      return applyStages(aggregateCommand.pipeline(), stages).done();
    },
    anyOf(branches: Where[]): Where {
      // A LogicCommand is what `where()` takes for a top-level or; it is opaque to us, so it travels as a Where.
      return database.command.or(...branches) as unknown as Where;
    },
    regExp(pattern: string, flags = ''): unknown {
      return database.RegExp({ regexp: pattern, options: flags });
    },
  };
}
