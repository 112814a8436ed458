/** Ctrl-] detaches, as telnet's escape does. The byte is never part of a UTF-8 sequence, so it is found in text. */
export const DETACH_KEY = '\x1d';

/** What one read from the keyboard means: the text to type, and whether Ctrl-] came (what followed it is dropped). */
export function splitAtDetach(text: string): { text: string; detach: boolean } {
  const at = text.indexOf(DETACH_KEY);
  return at === -1 ? { text, detach: false } : { text: text.slice(0, at), detach: true };
}
