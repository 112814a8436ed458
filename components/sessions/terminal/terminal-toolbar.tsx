'use client';

import { Clock, Download } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';
import { sessionKey } from '../use-sessions';
import { ToggleButton } from './toggle-button';
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

type Props = {
  sessionId: string;
  connection: Connection;
  totalLines: number;
  /** The search box, with its options and the count. */
  search: ReactNode;
  showTimes: boolean;
  onShowTimes: (on: boolean) => void;
};

/** Above the terminal: search across the whole output, line times, download it, and how live it is. */
export function TerminalToolbar({ sessionId, connection, totalLines, search, showTimes, onShowTimes }: Props) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {search}
      {/* One group, at the right: when the row is too narrow, it moves to the next row whole. */}
      <div className="ml-auto flex items-center gap-2">
        <span className="text-muted-foreground text-xs tabular-nums">{totalLines.toLocaleString()} {totalLines === 1 ? 'line' : 'lines'}</span>
        <ToggleButton label="Show line times" title="Show when each line was written" pressed={showTimes} onChange={onShowTimes}>
          <Clock aria-hidden />
        </ToggleButton>
        <ConnectionDot connection={connection} />
        <Button asChild variant="outline" size="sm" className="h-8">
          <a href={`${sessionKey(sessionId)}/download`} download>
            <Download aria-hidden />
            Download
          </a>
        </Button>
      </div>
    </div>
  );
}
