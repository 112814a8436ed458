'use client';

import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';

type Props = { label: string; title?: string; pressed: boolean; onChange: (on: boolean) => void; children: ReactNode };

/** An icon button that stays pressed while its option is on (aria-pressed says so to a screen reader). */
export function ToggleButton({ label, title = label, pressed, onChange, children }: Props) {
  return (
    <Button
      type="button"
      variant="ghost"
      size="icon-sm"
      aria-label={label}
      title={title}
      aria-pressed={pressed}
      onClick={() => onChange(!pressed)}
      className={cn(pressed && 'bg-accent text-accent-foreground ring-border ring-1')}
    >
      {children}
    </Button>
  );
}
