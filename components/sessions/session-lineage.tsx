'use client';

import type { SessionJson } from '@/core/contract';
import { SessionLink } from './session-link';

/** Where a session comes from and what came of it: its re-run links, and the names of its own variables. */
export function SessionLineage({ session }: { session: SessionJson }) {
  if (!session.rerunOf && !session.latestRerun && session.envNames.length === 0) return null;
  return (
    <p className="text-muted-foreground flex flex-wrap gap-x-4 gap-y-1 text-xs" data-testid="session-lineage">
      {session.rerunOf && (
        <span>
          Re-run of <SessionLink id={session.rerunOf} />
        </span>
      )}
      {session.latestRerun && (
        <span>
          Latest re-run: <SessionLink id={session.latestRerun} />
        </span>
      )}
      {session.envNames.length > 0 && (
        <span title="Kept for a re-run; the values are never shown">
          Environment:{' '}
          <code className="text-foreground font-mono" data-testid="session-env-names">
            {session.envNames.join(', ')}
          </code>
        </span>
      )}
    </p>
  );
}
