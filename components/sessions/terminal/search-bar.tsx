'use client';

import { CaseSensitive, ChevronDown, ChevronUp, ListFilter, LoaderCircle, Regex, Search } from 'lucide-react';
import { useState, type RefObject } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { ToggleButton } from './toggle-button';
import type { ActiveSearch, SearchOptions } from './use-search';

type Props = {
  inputRef: RefObject<HTMLInputElement | null>;
  active: ActiveSearch | null;
  searching: boolean;
  error: string | null;
  onlyMatching: boolean;
  onOnlyMatching: (on: boolean) => void;
  onSearch: (query: string, options: SearchOptions) => void;
  onStep: (direction: 1 | -1) => void;
};

function countText(active: ActiveSearch | null): string | null {
  if (!active) return null;
  if (active.total === 0) return 'No matches';
  const lines = active.total.toLocaleString();
  return active.current ? `${(active.current.index + 1).toLocaleString()} / ${lines}` : `${lines} lines`;
}

/**
 * The search box: Enter searches (from the line at the top of the view), Enter again goes to the
 * next match and Shift+Enter to the previous; regular expression and match-case options, and
 * "only matching lines". Changing the text or an option makes the next Enter a new search.
 */
export function SearchBar({ inputRef, active, searching, error, onlyMatching, onOnlyMatching, onSearch, onStep }: Props) {
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<SearchOptions>({ regex: false, caseSensitive: false });
  const same = active !== null && active.query === query && active.regex === options.regex && active.caseSensitive === options.caseSensitive;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (same && active.current) onStep(1);
    else onSearch(query, options);
  };
  const setOption = (change: Partial<SearchOptions>) => {
    const next = { ...options, ...change };
    setOptions(next);
    // An option changed under a search in force applies at once.
    if (active && query) onSearch(query, next);
  };
  const count = countText(same ? active : null);

  return (
    <form onSubmit={submit} role="search" aria-label="Search the output" className="flex min-w-0 flex-1 basis-full flex-wrap items-center gap-1 sm:basis-auto">
      <div className="relative min-w-0 flex-1 sm:max-w-60">
        <Search className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2" aria-hidden />
        <Input
          ref={inputRef}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && event.shiftKey) {
              event.preventDefault();
              if (same) onStep(-1);
            } else if (event.key === 'Escape') {
              event.currentTarget.blur();
            }
          }}
          placeholder="Search output ( / )"
          aria-label="Search output"
          aria-invalid={error !== null || undefined}
          className="h-8 pl-8 font-mono text-sm"
        />
      </div>
      <ToggleButton label="Regular expression" pressed={options.regex} onChange={(regex) => setOption({ regex })}>
        <Regex aria-hidden />
      </ToggleButton>
      <ToggleButton label="Match case" pressed={options.caseSensitive} onChange={(caseSensitive) => setOption({ caseSensitive })}>
        <CaseSensitive aria-hidden />
      </ToggleButton>
      <ToggleButton label="Show only matching lines" pressed={onlyMatching} onChange={onOnlyMatching}>
        <ListFilter aria-hidden />
      </ToggleButton>
      {searching && <LoaderCircle className="text-muted-foreground size-4 animate-spin" aria-label="Searching" />}
      <span data-testid="search-count" className="text-muted-foreground px-1 text-xs whitespace-nowrap tabular-nums" aria-live="polite">
        {count}
      </span>
      {(
        [
          ['Previous match', -1, <ChevronUp key="up" aria-hidden />],
          ['Next match', 1, <ChevronDown key="down" aria-hidden />],
        ] as const
      ).map(([label, step, icon]) => (
        <Button key={label} type="button" variant="ghost" size="icon-sm" aria-label={label} disabled={!same || !active.current} onClick={() => onStep(step)}>
          {icon}
        </Button>
      ))}
      {error && (
        <span role="alert" className="text-destructive basis-full text-xs">
          {error}
        </span>
      )}
    </form>
  );
}
