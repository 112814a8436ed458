import { createClient } from '@/client';

export { ApiError } from '@/client';

// The browser's client: same origin, authenticated by the login cookie.
const browserClient = createClient({ baseUrl: '' });

/** The one SWR fetcher: the API path is the key; JSON on success, an ApiError with the API's message otherwise. */
export function fetcher<T>(url: string, signal?: AbortSignal): Promise<T> {
  return browserClient.get<T>(url, signal);
}
