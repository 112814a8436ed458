/**
 * A plain left click, which a session link answers in place; with a modifier key or another button
 * the browser does as it does with any link (a new tab, a new window, a download).
 */
export function isPlainClick(event: React.MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
