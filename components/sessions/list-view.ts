import type { SessionJson } from '@/core/contract';
import type { SessionStatus } from '@/core/types';

/** Which sessions the list shows, and in what order: kept in the URL query so a link can share it. */
export type ListView = { query: string; status: StatusFilter; sort: SortOrder };

export const STATUS_FILTERS = {
  all: 'All',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  waiting: 'Waiting for input',
} as const;
export type StatusFilter = keyof typeof STATUS_FILTERS;

export const SORT_ORDERS = {
  // The server's order: what still runs on top, so it cannot drown under finished sessions.
  recent: 'Running first',
  newest: 'Newest',
  oldest: 'Oldest',
  name: 'Name',
  memory: 'Memory',
  cpu: 'CPU',
} as const;
export type SortOrder = keyof typeof SORT_ORDERS;

export const DEFAULT_VIEW: ListView = { query: '', status: 'all', sort: 'recent' };

type Listed = Pick<SessionJson, 'name' | 'command' | 'status' | 'waitingForInput' | 'createdAt' | 'resources'>;

const oneOf = <T extends string>(choices: Record<T, string>, value: string | null, fallback: T): T =>
  value !== null && Object.hasOwn(choices, value) ? (value as T) : fallback;

/** The view a URL asks for; a value it does not know (a mistyped link) falls back to the default. */
export function parseListView(params: URLSearchParams): ListView {
  return {
    query: params.get('q') ?? '',
    status: oneOf(STATUS_FILTERS, params.get('status'), DEFAULT_VIEW.status),
    sort: oneOf(SORT_ORDERS, params.get('sort'), DEFAULT_VIEW.sort),
  };
}

/** The URL query for a view, `?q=…&status=…&sort=…` without the defaults; empty for the default view. */
export function listViewSearch(view: ListView): string {
  const params = new URLSearchParams();
  if (view.query) params.set('q', view.query);
  if (view.status !== DEFAULT_VIEW.status) params.set('status', view.status);
  if (view.sort !== DEFAULT_VIEW.sort) params.set('sort', view.sort);
  const search = params.toString();
  return search ? `?${search}` : '';
}

export const isFiltered = (view: ListView) => view.query.trim() !== '' || view.status !== 'all';

/**
 * What to ask the server for when the page's list does not hold every session: the text and the
 * stored status a view filters on (waiting for input, a state of running sessions, is found among
 * what comes back). Null when the view filters nothing.
 */
export function serverFilter(view: ListView): { q?: string; status?: SessionStatus } | null {
  if (!isFiltered(view)) return null;
  const q = view.query.trim();
  const status = view.status === 'all' ? undefined : view.status === 'waiting' ? 'running' : view.status;
  return { ...(q && { q }), ...(status && { status }) };
}

function matchesStatus(session: Listed, status: StatusFilter): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'waiting':
      return session.waitingForInput;
    case 'running':
    case 'completed':
    case 'failed':
      return session.status === status;
    default: {
      const never: never = status;
      return never;
    }
  }
}

/** The text filter: in the name or the command, ignoring case. */
export function matchesQuery(session: Listed, query: string): boolean {
  const needle = query.trim().toLowerCase();
  return needle === '' || session.name.toLowerCase().includes(needle) || session.command.toLowerCase().includes(needle);
}

/** Biggest first; a session without figures (finished, or not sampled yet) goes last. */
const byFigure = (figure: (session: Listed) => number | undefined) => (a: Listed, b: Listed) =>
  (figure(b) ?? -Infinity) - (figure(a) ?? -Infinity) || 0;

const COMPARE: Record<Exclude<SortOrder, 'recent'>, (a: Listed, b: Listed) => number> = {
  newest: (a, b) => b.createdAt.localeCompare(a.createdAt),
  oldest: (a, b) => a.createdAt.localeCompare(b.createdAt),
  name: (a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }),
  memory: byFigure((session) => session.resources?.rssBytes),
  cpu: byFigure((session) => session.resources?.cpuPercent),
};

/** The sessions a view shows, in its order; ties keep the server's order (the sort is stable). */
export function applyListView<T extends Listed>(sessions: readonly T[], view: ListView): T[] {
  const shown = sessions.filter((session) => matchesStatus(session, view.status) && matchesQuery(session, view.query));
  return view.sort === 'recent' ? shown : shown.sort(COMPARE[view.sort]);
}

/** Why a filtered list is empty, in a sentence: "No failed sessions match “npm”". */
export function describeNoMatch(view: ListView): string {
  const query = view.query.trim();
  const which = view.status === 'all' ? 'sessions' : view.status === 'waiting' ? 'sessions waiting for input' : `${view.status} sessions`;
  return query ? `No ${which} match “${query}”` : `No ${which}`;
}
