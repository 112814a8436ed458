'use client';

import { cn } from '@/lib/utils';
import { isPlainClick } from './plain-click';
import { sessionPath, useSelection } from './use-sessions';

/** A link to a session that opens it in place, as a click in the list does (a new tab works too); its id unless told what to show. */
export function SessionLink({ id, children }: { id: string; children?: React.ReactNode }) {
  const { select } = useSelection();
  return (
    <a
      href={sessionPath(id)}
      className={cn('text-foreground underline-offset-2 hover:underline', children === undefined && 'font-mono')}
      onClick={(event) => {
        if (!isPlainClick(event)) return;
        event.preventDefault();
        select(id);
      }}
    >
      {children ?? id}
    </a>
  );
}
