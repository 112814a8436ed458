import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import path from 'node:path';
import { databasePath } from './path';
import { closeToOthers, ensurePrivateFile, ensurePrivateFolder } from './private-files';
import * as schema from './schema';
import { WalCheckpointer } from './wal-checkpointer';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function openDatabase(file: string): Db {
  ensurePrivateFolder(path.dirname(file));
  // SQLite gives the -wal and -shm files the database file's mode: a database created 0600 keeps
  // all three private. Files left open by an older version are closed to others here.
  ensurePrivateFile(file);
  for (const companion of [`${file}-wal`, `${file}-shm`]) closeToOthers(companion);
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
  // When the log starts over, shrink its file back to this size instead of leaving it at its peak.
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: path.join(/* turbopackIgnore: true */ process.cwd(), 'drizzle') });
  return db;
}

type Connection = { file: string; db: Db; checkpointer: WalCheckpointer };

// One connection per process, kept on globalThis so dev hot reloads and separately bundled route
// handlers share it instead of opening another.
const globalForDb = globalThis as unknown as { activeSessionsDb?: Connection };

function connection(): Connection {
  const file = databasePath();
  const cached = globalForDb.activeSessionsDb;
  if (cached && cached.file === file) {
    // A dev hot reload may keep a connection cached by a version without the checkpointer.
    cached.checkpointer ??= new WalCheckpointer(file, cached.db.$client);
    return cached;
  }
  if (cached) {
    void cached.checkpointer.close();
    cached.db.$client.close();
  }
  const db = openDatabase(file);
  return (globalForDb.activeSessionsDb = { file, db, checkpointer: new WalCheckpointer(file, db.$client) });
}

export function getDb(): Db {
  return connection().db;
}

/** Whether big writes should wait a moment: the WAL is long and its copy back has not caught up. */
export function walBacklogged(): boolean {
  return connection().checkpointer.backlogged;
}
