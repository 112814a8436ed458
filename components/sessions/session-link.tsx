'use client';

import { useSelection } from './use-sessions';

/** A link to a session that opens it in place, as a click in the list does (a new tab works too). */
export function SessionLink({ id, children }: { id: string; children?: React.ReactNode }) {
  const { select } = useSelection();
  return (
    <a
      href={`/sessions/${encodeURIComponent(id)}`}
      className="text-foreground font-mono underline-offset-2 hover:underline"
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
        event.preventDefault();
        select(id);
      }}
    >
      {children ?? id}
    </a>
  );
}
