'use client';

import { Bell, BellOff } from 'lucide-react';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { Switch } from '@/components/ui/switch';
import { SILENT_MINUTES_CHOICES, type NotificationPreferences, type Permission } from './settings';

const BLOCKED: Partial<Record<Permission, string>> = {
  denied: 'This browser blocks notifications from this site: allow them in its site settings, then turn this on.',
  unsupported: 'This browser cannot show notifications from a page.',
};

/** The header's bell: opt in once (the browser asks), choose the silence alert, or turn it all off. */
export function NotificationsMenu({ settings, update, permission, requestPermission, active: on }: NotificationPreferences) {
  const switchId = useId();
  const silenceId = useId();
  const [asking, setAsking] = useState(false);

  const toggle = async (wanted: boolean) => {
    if (!wanted) return update({ enabled: false });
    setAsking(true);
    try {
      update({ enabled: (await requestPermission()) === 'granted' });
    } finally {
      setAsking(false);
    }
  };

  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="outline" size="icon-sm" aria-label={`Notifications: ${on ? 'on' : 'off'}`}>
          {on ? <Bell aria-hidden /> : <BellOff aria-hidden className="text-muted-foreground" />}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-80 space-y-4 text-sm" aria-label="Notifications">
        <div className="flex items-start justify-between gap-3">
          <div className="space-y-1">
            <Label htmlFor={switchId}>Notify me in this browser</Label>
            <p className="text-muted-foreground text-xs leading-relaxed">
              When a session ends or a terminal session waits for input, agents&apos; sessions included, with this tab in the
              background too. Click one to open the session.
            </p>
          </div>
          <Switch id={switchId} checked={on} disabled={asking || permission === 'unsupported'} onCheckedChange={(wanted) => void toggle(wanted)} />
        </div>
        {BLOCKED[permission] && (
          <p role="alert" className="rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-xs text-amber-800 dark:text-amber-300">
            {BLOCKED[permission]}
          </p>
        )}
        <div className="space-y-1.5">
          <Label htmlFor={silenceId} className="leading-snug">Also when a running session prints nothing for</Label>
          <select
            id={silenceId}
            value={settings.silentMinutes ?? ''}
            disabled={!on}
            onChange={(event) => update({ silentMinutes: event.target.value ? Number(event.target.value) : null })}
            className="border-input bg-background dark:bg-input/30 focus-visible:border-ring focus-visible:ring-ring/50 h-8 w-full rounded-md border px-2 text-sm outline-none focus-visible:ring-[3px] disabled:opacity-50"
          >
            <option value="">— never —</option>
            {SILENT_MINUTES_CHOICES.map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes} minutes
              </option>
            ))}
          </select>
        </div>
        <p className="text-muted-foreground border-t pt-3 text-xs leading-relaxed">
          Away from the browser? The server can send the same events to Slack or ntfy: see <code className="font-mono">NOTIFY_WEBHOOK_URL</code> in the
          README.
        </p>
      </PopoverContent>
    </Popover>
  );
}
