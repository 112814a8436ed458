'use client';

import { ChevronDown, ChevronUp, Download, LoaderCircle, Search } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { fetcher } from '@/lib/fetcher';
import { cn } from '@/lib/utils';
import { sessionKey } from '../use-sessions';
import type { Connection } from './use-output-lines';

const CONNECTION: Record<Connection, { label: string; dot: string; title: string }> = {
  loading: { label: 'Loading', dot: 'bg-muted-foreground', title: 'Loading the output' },
  live: { label: 'Live', dot: 'bg-emerald-500', title: 'Streaming: new output appears at once' },
  polling: {
    label: 'Polling',
    dot: 'bg-amber-500',
    title: 'No live stream (it dropped, or other tabs hold the streams): checking every 3 seconds',
  },
  paused: { label: 'Paused', dot: 'bg-muted-foreground', title: 'This tab is hidden: streaming resumes when it is shown' },
  ended: { label: 'Ended', dot: 'bg-blue-500', title: 'The session has ended: all output is shown' },
};

/** How live the view is: a dot and a word, with the reason in its title. */
export function ConnectionDot({ connection }: { connection: Connection }) {
  const { label, dot, title } = CONNECTION[connection];
  return (
    <span
      title={title}
      data-testid="connection"
      data-connection={connection}
      className="text-muted-foreground inline-flex items-center gap-1.5 text-xs"
    >
      <span className={cn('size-2 rounded-full', dot, connection === 'live' && 'animate-pulse')} aria-hidden />
      {label}
    </span>
  );
}

type SearchState = { query: string; lines: number[]; index: number; truncated: boolean } | null;

type Props = { sessionId: string; connection: Connection; totalLines: number; onJump: (line: number) => void };

/** Above the terminal: search across the whole output, download it, and how live it is. */
export function TerminalToolbar({ sessionId, connection, totalLines, onJump }: Props) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchState>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const go = (state: NonNullable<SearchState>, index: number) => {
    const wrapped = (index + state.lines.length) % state.lines.length;
    setResults({ ...state, index: wrapped });
    onJump(state.lines[wrapped]);
  };

  const search = async (event: React.FormEvent) => {
    event.preventDefault();
    const q = query.trim();
    if (!q) return setResults(null);
    if (results && results.query === q && results.lines.length > 0) return go(results, results.index + 1);
    setSearching(true);
    setError(null);
    try {
      const found = await fetcher<{ lines: number[]; truncated: boolean }>(
        `${sessionKey(sessionId)}/search?q=${encodeURIComponent(q)}`,
      );
      const state = { query: q, lines: found.lines, index: 0, truncated: found.truncated };
      setResults(state);
      if (found.lines.length > 0) onJump(found.lines[0]);
    } catch (reason) {
      setError((reason as Error).message);
    } finally {
      setSearching(false);
    }
  };

  const count = results
    ? results.lines.length === 0
      ? 'No matches'
      : `${results.index + 1} / ${results.lines.length}${results.truncated ? '+' : ''}`
    : null;

  return (
    <div className="flex flex-wrap items-center gap-2">
      <form onSubmit={search} role="search" aria-label="Search the output" className="flex min-w-0 flex-1 basis-full items-center gap-1 sm:basis-auto">
        <div className="relative min-w-0 flex-1 sm:max-w-xs">
          <Search className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2" aria-hidden />
          <Input
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && event.shiftKey && results?.lines.length) {
                event.preventDefault();
                go(results, results.index - 1);
              }
            }}
            placeholder="Search output"
            aria-label="Search output"
            className="h-8 pl-8 font-mono text-sm"
          />
        </div>
        {searching && <LoaderCircle className="text-muted-foreground size-4 animate-spin" aria-label="Searching" />}
        {count && (
          <span className="text-muted-foreground px-1 text-xs whitespace-nowrap tabular-nums" aria-live="polite">
            {count}
          </span>
        )}
        {([
          ['Previous match', -1, <ChevronUp key="up" aria-hidden />],
          ['Next match', 1, <ChevronDown key="down" aria-hidden />],
        ] as const).map(([label, step, icon]) => (
          <Button
            key={label}
            type="button"
            variant="ghost"
            size="icon-sm"
            aria-label={label}
            disabled={!results?.lines.length}
            onClick={() => results && go(results, results.index + step)}
          >
            {icon}
          </Button>
        ))}
        {error && (
          <span role="alert" className="text-destructive text-xs">
            {error}
          </span>
        )}
      </form>
      <span className="text-muted-foreground text-xs tabular-nums">{totalLines.toLocaleString()} {totalLines === 1 ? 'line' : 'lines'}</span>
      <ConnectionDot connection={connection} />
      <Button asChild variant="outline" size="sm" className="h-8">
        <a href={`${sessionKey(sessionId)}/download`} download>
          <Download aria-hidden />
          Download
        </a>
      </Button>
    </div>
  );
}
