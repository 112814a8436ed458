import { eq, lt } from 'drizzle-orm';
import { getDb } from './index';
import { logins } from './schema';

/** Records a new login, and forgets those too old for any cookie to name them still. */
export function insertLogin({ id, createdAt, expiredBefore }: { id: string; createdAt: Date; expiredBefore: Date }): void {
  const db = getDb();
  db.transaction((tx) => {
    tx.delete(logins).where(lt(logins.createdAt, expiredBefore)).run();
    tx.insert(logins).values({ id, createdAt }).run();
  });
}

export function loginExists(id: string): boolean {
  return getDb().select({ id: logins.id }).from(logins).where(eq(logins.id, id)).get() !== undefined;
}

export function deleteLogin(id: string): void {
  getDb().delete(logins).where(eq(logins.id, id)).run();
}

export function deleteAllLogins(): void {
  getDb().delete(logins).run();
}
