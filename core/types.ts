/** The vocabulary every layer shares: the store's columns, the wire contract and the page. */
export const SESSION_STATUSES = ['running', 'completed', 'failed'] as const;
export const END_REASONS = ['exited', 'killed', 'interrupted', 'spawn_error'] as const;
export const OUTPUT_STREAMS = ['stdout', 'stderr', 'system'] as const;
/** Who launched a session: the page, a script on the JSON API, the CLI, or an agent over MCP. */
export const SESSION_SOURCES = ['ui', 'api', 'cli', 'mcp'] as const;

export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type EndReason = (typeof END_REASONS)[number];
export type OutputStream = (typeof OUTPUT_STREAMS)[number];
export type SessionSource = (typeof SESSION_SOURCES)[number];
