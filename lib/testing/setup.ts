import { PEER_HEADER_OWNED } from '@/lib/auth/client-address';

// Tests send requests as server/start.mjs hands them on: with a peer header no client could set.
(globalThis as Record<symbol, unknown>)[PEER_HEADER_OWNED] = true;
