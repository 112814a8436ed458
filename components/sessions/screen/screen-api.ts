import { createClient } from '@/client';

// Same origin, authenticated by the login cookie, as lib/fetcher's reads are.
const client = createClient({ baseUrl: '' });

export const sendInput = (id: string, text: string) => client.sendInput(id, { text }).then(() => undefined);
export const resizeSession = (id: string, cols: number, rows: number) => client.resizeTerminal(id, { cols, rows }).then(() => undefined);
export const readScreen = (id: string) => client.getScreen(id);
