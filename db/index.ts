import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { databasePath } from './path';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function openDatabase(file: string): Db {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // Both only take effect on a new database, before its first table, and page_size only if it
  // comes first. Output is stored in 64 KiB rows: big pages hold them with fewer overflow pages,
  // which about doubles write throughput. auto_vacuum lets clearing sessions hand disk space back
  // without a full VACUUM.
  sqlite.pragma('page_size = 32768');
  sqlite.pragma('auto_vacuum = INCREMENTAL');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // After a checkpoint, shrink the WAL file back to this size instead of leaving it at its peak.
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  // Checkpoint every ~4 MiB of WAL: many short pauses instead of a few long ones under a firehose.
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  sqlite.pragma(`wal_autocheckpoint = ${Math.ceil((4 * 1024 * 1024) / pageSize)}`);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: path.join(/* turbopackIgnore: true */ process.cwd(), 'drizzle') });
  return db;
}

// One connection per process, kept on globalThis so dev hot reloads and separately bundled route
// handlers share it instead of opening another.
const globalForDb = globalThis as unknown as { activeSessionsDb?: { file: string; db: Db } };

export function getDb(): Db {
  const file = databasePath();
  const cached = globalForDb.activeSessionsDb;
  if (cached && cached.file === file) return cached.db;
  cached?.db.$client.close();
  const db = openDatabase(file);
  globalForDb.activeSessionsDb = { file, db };
  return db;
}
