import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
// Relative, not '@/': drizzle-kit loads this file without the app's path aliases.
import { END_REASONS, OUTPUT_STREAMS, SESSION_SOURCES, SESSION_STATUSES } from '../core/types';

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    command: text('command').notNull(),
    cwd: text('cwd').notNull(),
    status: text('status', { enum: SESSION_STATUSES }).notNull(),
    endReason: text('end_reason', { enum: END_REASONS }),
    pid: integer('pid'),
    // Together with the boot id, the start time tells this pid apart from a later process that
    // reuses it, so recovery never signals a stranger.
    pidStartTime: text('pid_start_time'),
    bootId: text('boot_id'),
    // The server process that owns the child: recovery leaves alone sessions of a server still alive.
    runnerPid: integer('runner_pid'),
    runnerStartTime: text('runner_start_time'),
    exitCode: integer('exit_code'),
    signal: text('signal'),
    error: text('error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    outputBytes: integer('output_bytes').notNull().default(0),
    // Newlines written so far: the next chunk starts on this (0-based) line.
    lineCount: integer('line_count').notNull().default(0),
    // Output over MAX_OUTPUT_BYTES: the middle is dropped, head and tail kept.
    droppedBytes: integer('dropped_bytes').notNull().default(0),
    // The `system` chunk that marks where output was dropped (it says how much).
    dropMarkerSeq: integer('drop_marker_seq'),
    source: text('source', { enum: SESSION_SOURCES }).notNull().default('api'),
    // The program that launched it, as it named itself (an MCP client's name, such as claude-code).
    client: text('client'),
    // Past this many seconds of running, the session is killed as by Kill.
    timeoutSeconds: integer('timeout_seconds'),
    // The machine whose session host runs it: several hosts may one day share a store.
    host: text('host'),
    // Terminal mode: the command runs under a pseudo-terminal of cols × rows (null in pipe mode).
    tty: integer('tty', { mode: 'boolean' }).notNull().default(false),
    cols: integer('cols'),
    rows: integer('rows'),
    // Set by the session host while the terminal's foreground process waits for a keystroke.
    waitingForInput: integer('waiting_for_input', { mode: 'boolean' }).notNull().default(false),
    // The session's own variables as a JSON object, kept so a re-run gets them again. Values may be
    // secrets: the API shows only their names.
    env: text('env'),
    // Kept by retention and by Clear Completed, whatever its age or size.
    pinned: integer('pinned', { mode: 'boolean' }).notNull().default(false),
    // The session this one re-runs, and the newest re-run of this one (either may have been removed since).
    rerunOf: text('rerun_of'),
    latestRerun: text('latest_rerun'),
    // The session host's latest sample of the process tree (null before the first), and over its life
    // the highest resident memory and the CPU time used.
    cpuPercent: real('cpu_percent'),
    rssBytes: integer('rss_bytes'),
    processCount: integer('process_count'),
    ports: text('ports', { mode: 'json' }).$type<number[]>(),
    sampledAt: integer('sampled_at', { mode: 'timestamp_ms' }),
    peakRssBytes: integer('peak_rss_bytes'),
    cpuSeconds: real('cpu_seconds'),
  },
  (table) => [
    index('sessions_status_created_idx').on(table.status, table.createdAt),
    index('sessions_created_idx').on(table.createdAt),
    // Retention walks finished sessions oldest end first.
    index('sessions_ended_idx').on(table.endedAt),
  ],
);

export const outputChunks = sqliteTable(
  'output_chunks',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    stream: text('stream', { enum: OUTPUT_STREAMS }).notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    // The console's own lines (and output stored by versions before output files) keep their text
    // here; the command's output is in its session's files, at segment (which file: 0 stdout,
    // 1 stderr) and offset, and its text is ''.
    text: text('text').notNull(),
    segment: integer('segment'),
    offset: integer('offset'),
    // The (0-based) line this chunk starts on, and how many newlines it holds: lines are found
    // through the index without reading the text of the chunks before them.
    lineStart: integer('line_start').notNull().default(0),
    newlines: integer('newlines').notNull().default(0),
    bytes: integer('bytes').notNull().default(0),
    // Output that moved the cursor between lines: text holds the lines as a terminal shows them
    // from line_start to the end, replacing those lines for reading (the file range stays the raw
    // bytes, for Download and /output); newlines counts the lines of that text.
    replaces: integer('replaces', { mode: 'boolean' }).notNull().default(false),
  },
  (table) => [
    index('output_chunks_session_seq_idx').on(table.sessionId, table.seq),
    index('output_chunks_session_line_idx').on(table.sessionId, table.lineStart),
  ],
);

// A session's resource figures over its life, for its charts: thinned out as they grow, so a long
// session keeps a bounded number (host/resources/history.ts).
export const resourceSamples = sqliteTable(
  'session_resource_samples',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    cpuPercent: real('cpu_percent').notNull(),
    rssBytes: integer('rss_bytes').notNull(),
    processes: integer('processes').notNull(),
  },
  (table) => [index('session_resource_samples_session_at_idx').on(table.sessionId, table.at)],
);

// One row per browser login: its cookie names the row, and deleting the row ends that login
// (a cookie is otherwise valid for as long as its signature and age say).
export const logins = sqliteTable('logins', {
  id: text('id').primaryKey(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});

export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
export type OutputChunk = typeof outputChunks.$inferSelect;
export type ResourceSample = typeof resourceSamples.$inferSelect;
export type { EndReason, OutputStream, SessionSource, SessionStatus } from '../core/types';
