'use client';

import { ExternalLink } from 'lucide-react';
import { useConsoleHostname } from './use-console-hostname';

/** The ports a session listens on, as links to the same port on the console's own host. */
export function ListeningPorts({ ports }: { ports: number[] }) {
  const hostname = useConsoleHostname();
  if (ports.length === 0) return <span className="text-muted-foreground">no listening ports</span>;
  return (
    <span className="flex flex-wrap items-center gap-x-2" data-testid="session-ports">
      {ports.map((port) =>
        hostname ? (
          <a
            key={port}
            href={`http://${hostname}:${port}`}
            target="_blank"
            rel="noopener noreferrer"
            className="inline-flex items-center gap-0.5 font-mono underline-offset-2 hover:underline"
          >
            :{port}
            <ExternalLink className="size-3" aria-hidden />
          </a>
        ) : (
          <span key={port} className="font-mono">
            :{port}
          </span>
        ),
      )}
    </span>
  );
}
