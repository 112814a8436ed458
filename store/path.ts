import path from 'node:path';

/** The SQLite file: DATABASE_PATH, or ./data/sessions.db. */
export function databasePath(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.DATABASE_PATH || './data/sessions.db');
}
