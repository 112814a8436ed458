import { isServerUnavailable } from '@/client';

// How long a server that cannot be reached (restarting, a proxy in between) is waited for, unless said.
const WAIT_FOR_MS = 60_000;

/**
 * The time a server has been unavailable, for a command that waits it out. `waitOut` takes an
 * error: it rethrows any other (a 404 or a refused token will not heal), and this one once the
 * outage has lasted `forMs`; otherwise it answers whether the outage has just begun. `reached`
 * ends the outage.
 */
export function outage() {
  let since: number | undefined;
  return {
    reached: () => {
      since = undefined;
    },
    waitOut: (error: unknown, forMs = WAIT_FOR_MS): 'began' | 'ongoing' => {
      if (!isServerUnavailable(error)) throw error;
      const began = since === undefined;
      since ??= Date.now();
      if (Date.now() - since > forMs) throw error;
      return began ? 'began' : 'ongoing';
    },
  };
}
