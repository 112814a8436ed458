import { config } from '@/config';

/** The SQLite file: DATABASE_PATH, or ./data/sessions.db. */
export function databasePath(): string {
  return config.databasePath;
}
