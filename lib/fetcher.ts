/** The one SWR fetcher: JSON on success, an Error carrying the API's own message otherwise. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function fetcher<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (body as { error?: string } | undefined)?.error ?? `request failed (${response.status})`;
    throw new ApiError(message, response.status);
  }
  return body as T;
}
