'use client';

import { ArrowDownUp, Search } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { cn } from '@/lib/utils';
import { SORT_ORDERS, STATUS_FILTERS, type ListView, type SortOrder, type StatusFilter } from './list-view';

type Props = { view: ListView; onChange: (update: Partial<ListView>) => void };

const FIELD =
  'border-input dark:bg-input/30 h-8 rounded-md border bg-transparent text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-ring/50 focus-visible:ring-[3px]';

/** Above the list: a text filter, the order, and the statuses to show, as radio buttons (one Tab stop, arrow keys). */
export function ListToolbar({ view, onChange }: Props) {
  const filter = useRef<HTMLInputElement>(null);
  // The box is not bound to the URL, whose updates lag behind fast typing and would move the caret;
  // it follows the URL only when the change came from elsewhere (Clear filters, back, a link).
  useEffect(() => {
    const input = filter.current;
    if (input && document.activeElement !== input && input.value !== view.query) input.value = view.query;
  }, [view.query]);

  return (
    <div className="flex flex-col gap-2 border-b p-2" data-testid="list-toolbar">
      <div className="flex gap-2">
        <label className="relative min-w-0 flex-1">
          <span className="sr-only">Filter sessions by name or command</span>
          <Search className="text-muted-foreground pointer-events-none absolute top-2 left-2 size-4" aria-hidden />
          <input
            ref={filter}
            type="search"
            defaultValue={view.query}
            onChange={(event) => onChange({ query: event.target.value })}
            placeholder="Name or command"
            autoComplete="off"
            spellCheck={false}
            className={cn(FIELD, 'w-full pr-2 pl-8 placeholder:text-muted-foreground')}
          />
        </label>
        <label className="relative flex shrink-0 items-center">
          <span className="sr-only">Sort sessions</span>
          <ArrowDownUp className="text-muted-foreground pointer-events-none absolute left-2 size-4" aria-hidden />
          <select
            value={view.sort}
            onChange={(event) => onChange({ sort: event.target.value as SortOrder })}
            className={cn(FIELD, 'pr-1 pl-8')}
          >
            {Object.entries(SORT_ORDERS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="flex flex-wrap gap-1">
        <legend className="sr-only">Show sessions</legend>
        {Object.entries(STATUS_FILTERS).map(([value, label]) => (
          <label
            key={value}
            className={cn(
              'text-muted-foreground hover:bg-accent/60 cursor-pointer rounded-full border px-2.5 py-0.5 text-xs',
              'has-checked:bg-accent has-checked:text-foreground has-checked:border-foreground/30 has-checked:font-medium',
              'has-focus-visible:ring-ring/50 has-focus-visible:ring-[3px]',
            )}
          >
            <input
              type="radio"
              name="session-status"
              value={value}
              checked={view.status === value}
              onChange={() => onChange({ status: value as StatusFilter })}
              className="sr-only"
            />
            {label}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
