/**
 * Aggregation through mingo's Aggregator. The SDK sends `stages: [{stageKey:'$match',
 * stageValue:'<EJSON>'}]`; `$lookup` arrives as plain MongoDB `{from, localField, foreignField,
 * as}` (or `{from, let, pipeline, as}`) and is resolved against the other collections.
 * Like CloudBase, a pipeline without `$limit` returns at most 20 documents.
 */
import { Aggregator } from 'mingo';
import { DbError } from './errors';
import { cloneDoc, decodeEjson, type Doc } from './ejson';
import { compileFilter, MINGO_OPTIONS, resolveServerDates, type CollectionView } from './query';

export const AGGREGATE_DEFAULT_LIMIT = 20;

export function decodeStages(stages: unknown, nowMs: number): Doc[] {
  if (!Array.isArray(stages)) throw new DbError('INVALID_PARAM', 'stages must be an array');
  return stages.map((stage) => {
    const { stageKey, stageValue } = (stage ?? {}) as { stageKey?: unknown; stageValue?: unknown };
    if (typeof stageKey !== 'string' || !stageKey.startsWith('$')) throw new DbError('INVALID_PARAM', 'stageKey must be a $ stage name');
    return { [stageKey]: resolveServerDates(decodeEjson(stageValue), nowMs) };
  });
}

/**
 * Runs the pipeline. A leading $match is evaluated here (on the cached documents, no copy); the
 * rest runs on copies, because mingo stages may mutate their input and cached documents are
 * shared.
 */
export function runPipeline(view: CollectionView, pipeline: Doc[], resolve: (collection: string) => Doc[]): Doc[] {
  let input = view.all();
  let rest = pipeline;
  const first = pipeline[0]?.$match;
  if (first && typeof first === 'object') {
    const query = compileFilter(first as Doc);
    input = input.filter((doc) => query.test(doc));
    rest = pipeline.slice(1);
  }
  if (!pipeline.some((stage) => '$limit' in stage)) rest = [...rest, { $limit: AGGREGATE_DEFAULT_LIMIT }];
  try {
    const aggregator = new Aggregator(rest, {
      ...MINGO_OPTIONS,
      collectionResolver: (name: string) => resolve(name).map(cloneDoc),
    });
    return aggregator.run(input.map(cloneDoc));
  } catch (err) {
    if (err instanceof DbError) throw err;
    throw new DbError('DATABASE_INVALID_OPERRATOR', `aggregate failed: ${(err as Error).message}`);
  }
}
