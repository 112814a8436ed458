import { markerText, splitBidiControls } from '@/lib/bidi-controls';

/**
 * Text from a session (its name, command or output) with every direction control shown as a
 * marker instead of applied: one text cannot pose as another. Plain text stays a plain string.
 */
export function VisibleText({ text }: { text: string }) {
  const parts = splitBidiControls(text);
  if (parts.length <= 1 && parts[0]?.kind !== 'control') return text;
  return parts.map((part, i) =>
    part.kind === 'text' ? (
      part.text
    ) : (
      <span
        key={i}
        data-bidi-control={part.label}
        title={`${part.label}, ${part.name}: an invisible character that reorders text, shown here instead of applied`}
        className="mx-px rounded-sm bg-amber-200 px-0.5 align-baseline font-mono text-[0.8em] font-normal text-amber-950 not-italic no-underline"
      >
        {markerText(part.label)}
      </span>
    ),
  );
}
