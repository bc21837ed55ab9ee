import type { DocumentDatabase } from '../db';
import { demoSeed } from './demo';

export type SeedName = 'demo' | 'empty';

/** Loads a named seed into an empty database. */
export function seedDatabase(db: DocumentDatabase, seed: SeedName, now: Date): void {
  if (seed === 'empty') return;
  for (const [collection, docs] of Object.entries(demoSeed(now))) db.insertMany(collection, docs);
}
