import { describe, expect, it } from 'vitest';
import { applyListView, DEFAULT_VIEW, describeNoMatch, listViewSearch, parseListView, serverFilter, type ListView } from './list-view';

type Row = Parameters<typeof applyListView>[0][number] & { id: string };

const row = (id: string, extra: Partial<Row> = {}): Row => ({
  id,
  name: id,
  command: `echo ${id}`,
  status: 'completed',
  waitingForInput: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  resources: null,
  ...extra,
});
const sample = (rssBytes: number, cpuPercent: number) => ({ rssBytes, cpuPercent, processes: 1, ports: [], sampledAt: '2026-01-01T00:00:00.000Z' });
const ids = (rows: Row[]) => rows.map((r) => r.id);
const view = (change: Partial<ListView>): ListView => ({ ...DEFAULT_VIEW, ...change });

describe('applyListView filters', () => {
  const rows = [
    row('web', { name: 'Dev Server', command: 'npm run dev', status: 'running' }),
    row('shell', { name: 'shell', command: 'bash', status: 'running', waitingForInput: true }),
    row('build', { name: 'build', command: 'NPM run build', status: 'failed' }),
    row('tests', { name: 'unit tests', command: 'vitest run' }),
  ];

  it('by name or command, ignoring case and the spaces around the text', () => {
    expect(ids(applyListView(rows, view({ query: 'npm' })))).toEqual(['web', 'build']);
    expect(ids(applyListView(rows, view({ query: '  dev SERVER ' })))).toEqual(['web']);
    expect(ids(applyListView(rows, view({ query: 'UNIT' })))).toEqual(['tests']);
    expect(ids(applyListView(rows, view({ query: '   ' })))).toEqual(ids(rows));
  });

  it('by status; waiting for input is a kind of running', () => {
    expect(ids(applyListView(rows, view({ status: 'running' })))).toEqual(['web', 'shell']);
    expect(ids(applyListView(rows, view({ status: 'waiting' })))).toEqual(['shell']);
    expect(ids(applyListView(rows, view({ status: 'failed' })))).toEqual(['build']);
    expect(ids(applyListView(rows, view({ status: 'completed', query: 'npm' })))).toEqual([]);
  });
});

describe('applyListView sorts', () => {
  const rows = [
    row('b', { name: 'job 10', createdAt: '2026-01-02T00:00:00.000Z', resources: sample(100, 5) }),
    row('a', { name: 'job 9', createdAt: '2026-01-03T00:00:00.000Z' }),
    row('c', { name: 'Alpha', createdAt: '2026-01-01T00:00:00.000Z', resources: sample(300, 1) }),
    row('d', { name: 'alpha', createdAt: '2026-01-04T00:00:00.000Z', resources: sample(0, 0) }),
  ];

  it('keeps the server order by default, and does not change the array it is given', () => {
    const before = ids(rows);
    expect(ids(applyListView(rows, DEFAULT_VIEW))).toEqual(before);
    applyListView(rows, view({ sort: 'name' }));
    expect(ids(rows)).toEqual(before);
  });

  it('by time either way', () => {
    expect(ids(applyListView(rows, view({ sort: 'newest' })))).toEqual(['d', 'a', 'b', 'c']);
    expect(ids(applyListView(rows, view({ sort: 'oldest' })))).toEqual(['c', 'b', 'a', 'd']);
  });

  it('by name as people read it: numbers by value, case ignored, ties in the server order', () => {
    expect(ids(applyListView(rows, view({ sort: 'name' })))).toEqual(['c', 'd', 'a', 'b']);
  });

  it('by memory and CPU, biggest first, sessions without figures last (a zero is a figure)', () => {
    expect(ids(applyListView(rows, view({ sort: 'memory' })))).toEqual(['c', 'b', 'd', 'a']);
    expect(ids(applyListView(rows, view({ sort: 'cpu' })))).toEqual(['b', 'c', 'd', 'a']);
  });
});

describe('the view in the URL', () => {
  it('round-trips, leaving the defaults out', () => {
    const shared = view({ query: 'npm run & co', status: 'failed', sort: 'memory' });
    const search = listViewSearch(shared);
    expect(search).toBe('?q=npm+run+%26+co&status=failed&sort=memory');
    expect(parseListView(new URLSearchParams(search))).toEqual(shared);
    expect(listViewSearch(DEFAULT_VIEW)).toBe('');
  });

  it('falls back to the defaults for values it does not know', () => {
    expect(parseListView(new URLSearchParams('?status=toString&sort=bogus'))).toEqual(DEFAULT_VIEW);
  });
});

describe('serverFilter', () => {
  it('asks for the text and the stored status a view filters on, and nothing for the default view', () => {
    expect(serverFilter(DEFAULT_VIEW)).toBeNull();
    expect(serverFilter({ ...DEFAULT_VIEW, sort: 'name' })).toBeNull();
    expect(serverFilter({ ...DEFAULT_VIEW, query: '  deploy ' })).toEqual({ q: 'deploy' });
    expect(serverFilter({ ...DEFAULT_VIEW, status: 'failed' })).toEqual({ status: 'failed' });
    // Waiting for input is a state of running sessions: they are asked for, and filtered here.
    expect(serverFilter({ query: 'vim', status: 'waiting', sort: 'recent' })).toEqual({ q: 'vim', status: 'running' });
  });
});

describe('describeNoMatch', () => {
  it.each([
    [view({ query: ' npm ' }), 'No sessions match “npm”'],
    [view({ status: 'failed' }), 'No failed sessions'],
    [view({ status: 'waiting', query: 'vim' }), 'No sessions waiting for input match “vim”'],
  ])('%o → %s', (shown, sentence) => expect(describeNoMatch(shown)).toBe(sentence));
});
