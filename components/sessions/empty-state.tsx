import { SquareTerminal } from 'lucide-react';

/** What a newcomer sees before the first session: how to start one, from the page or an agent. */
export function EmptyState({ children }: { children?: React.ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-3 px-6 py-12 text-center">
      <span className="bg-muted grid size-12 place-items-center rounded-full">
        <SquareTerminal className="text-muted-foreground size-6" aria-hidden />
      </span>
      <h2 className="font-semibold">No sessions yet</h2>
      <p className="text-muted-foreground max-w-xs text-sm">
        Start one with <span className="text-foreground font-medium">New session</span>, or let your agent launch it
        through the API:
      </p>
      <pre className="bg-muted max-w-full overflow-x-auto rounded-md px-3 py-2 text-left font-mono text-xs">
        {`curl -X POST $URL/api/sessions \\\n  -H 'content-type: application/json' \\\n  -d '{"command": "npm run build"}'`}
      </pre>
      {children}
    </div>
  );
}
