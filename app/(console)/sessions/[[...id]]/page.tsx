import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { countClearableSessions, countSessions, getSession, listSessions } from '@/store/queries';
import { SessionsView } from '@/components/sessions/sessions-view';
import { isSignedIn, requirePageAuth } from '@/lib/auth/server';
import { showBidiControls } from '@/lib/bidi-controls';
import { toSessionJson } from '@/server/session-json';
import { PAGE_LIST_LIMIT } from '@/core/limits';

type Props = { params: Promise<{ id?: string[] }> };

async function selectedId(params: Props['params']): Promise<string | undefined> {
  const { id } = await params;
  if (id && id.length > 1) notFound();
  return id?.[0] && decodeURIComponent(id[0]);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = await selectedId(params);
  // A session's name is output of its own: only signed-in visitors see it, even in the title.
  const session = id && (await isSignedIn()) ? getSession(id) : undefined;
  return { title: session ? showBidiControls(session.name) : { absolute: 'Active Sessions' } };
}

export default async function SessionsPage({ params }: Props) {
  await connection();
  const id = await selectedId(params);
  await requirePageAuth(id ? `/sessions/${encodeURIComponent(id)}` : '/sessions');
  const selected = id ? getSession(id) : undefined;
  return (
    <SessionsView
      initialList={{ sessions: listSessions({ limit: PAGE_LIST_LIMIT }).map(toSessionJson), total: countSessions(), clearable: countClearableSessions() }}
      initialSelected={selected && toSessionJson(selected)}
      missingId={id && !selected ? id : undefined}
      serverNow={Date.now()}
    />
  );
}
