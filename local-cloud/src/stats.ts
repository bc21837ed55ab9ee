/**
 * Counts SDK requests per cloud-function invocation and remembers queries that no declared
 * index serves, for `GET /_local/stats` and the `x-local-db-requests` response header.
 */
export interface InvocationStats {
  id: string;
  functionName: string;
  openid?: string;
  /** the `action` of an api call, when the event has one */
  action?: string;
  startedAt: string;
  dbRequests: number;
  requests: { action: string; collection?: string }[];
}

export interface UnindexedQuery {
  collection: string;
  fields: string[];
  count: number;
}

const KEEP_INVOCATIONS = 2000;

export class Stats {
  private invocations = new Map<string, InvocationStats>();
  private unindexed = new Map<string, UnindexedQuery>();

  startInvocation(entry: Omit<InvocationStats, 'dbRequests' | 'requests'>): void {
    this.invocations.set(entry.id, { ...entry, dbRequests: 0, requests: [] });
    if (this.invocations.size > KEEP_INVOCATIONS) {
      const oldest = this.invocations.keys().next().value;
      if (oldest !== undefined) this.invocations.delete(oldest);
    }
  }

  /** An SDK request; database.* actions count as database requests. */
  request(invocationId: string | undefined, action: string, collection?: string): void {
    if (!invocationId) return;
    const inv = this.invocations.get(invocationId);
    if (!inv) return;
    inv.requests.push(collection ? { action, collection } : { action });
    if (action.startsWith('database.')) inv.dbRequests += 1;
  }

  invocation(id: string): InvocationStats | undefined {
    return this.invocations.get(id);
  }

  unindexedQuery(collection: string, fields: string[]): void {
    const key = `${collection}:${[...fields].sort().join(',')}`;
    const seen = this.unindexed.get(key);
    if (seen) seen.count += 1;
    else this.unindexed.set(key, { collection, fields: [...fields].sort(), count: 1 });
  }

  snapshot(): { invocations: InvocationStats[]; unindexedQueries: UnindexedQuery[] } {
    return { invocations: [...this.invocations.values()], unindexedQueries: [...this.unindexed.values()] };
  }

  reset(): void {
    this.invocations.clear();
    this.unindexed.clear();
  }
}
