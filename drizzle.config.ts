import type { Config } from 'drizzle-kit';

export default {
  schema: './store/schema.ts',
  out: './drizzle',
  dialect: 'sqlite',
  dbCredentials: { url: process.env.DATABASE_PATH ?? './data/sessions.db' },
} satisfies Config;
