import { readFileSync } from 'node:fs';

export type IndexKey = [field: string, direction: 1 | -1];

export interface IndexSpec {
  name: string;
  keys: IndexKey[];
  unique?: boolean;
}

export interface DatabaseConfig {
  collections: Record<string, { indexes: IndexSpec[] }>;
}

/** The declared database (collections + indexes), shared with deployment. */
export function loadDatabaseConfig(file: string): DatabaseConfig {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<DatabaseConfig>;
  if (!parsed.collections || typeof parsed.collections !== 'object') {
    throw new Error(`${file}: "collections" is missing`);
  }
  return { collections: parsed.collections };
}
