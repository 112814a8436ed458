'use client';

import { LoaderCircle, Play } from 'lucide-react';
import { useActionState, useEffect, useId, useSyncExternalStore } from 'react';
import { createSession, type CreateSessionState } from '@/app/(console)/sessions/actions';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import { Textarea } from '@/components/ui/textarea';
import { lastScreenSize } from './screen/last-size';

const FIELDS = [
  { name: 'command', label: 'Command', placeholder: 'npm run build', mono: true },
  { name: 'name', label: 'Name', placeholder: 'optional: named from the command', mono: false },
  { name: 'cwd', label: 'Working directory', placeholder: 'optional: the server’s directory', mono: true },
  // Values may be secrets: the session shows only their names once it runs.
  { name: 'env', label: 'Environment', placeholder: 'optional: NAME=value, one a line', mono: true },
] as const;

// The remembered size changes only when a Screen view fits itself, never while the form is open.
const noChanges = () => () => {};

/** Launches a session from the page: a command, optionally a name, a working directory, variables and a terminal. */
export function NewSessionForm({ onCreated, onCancel }: { onCreated: (id: string) => void; onCancel: () => void }) {
  const [state, action, pending] = useActionState<CreateSessionState, FormData>(createSession, { status: 'idle' });
  const formId = useId();
  // A terminal session starts at the size the Screen view last had, not at 120 columns until it opens.
  const screenSize = useSyncExternalStore(noChanges, lastScreenSize, () => '');

  useEffect(() => {
    if (state.status === 'ok') onCreated(state.id);
  }, [state, onCreated]);

  const errors = state.status === 'error' ? state.fieldErrors : {};
  const values = state.status === 'error' ? state.values : undefined;
  return (
    <form
      action={action}
      aria-label="New session"
      className="bg-card flex flex-col gap-3 border-b p-3"
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      {FIELDS.map((field) => {
        const id = `${formId}-${field.name}`;
        const error = errors[field.name];
        const shared = {
          id,
          name: field.name,
          defaultValue: values?.[field.name],
          placeholder: field.placeholder,
          autoComplete: 'off',
          spellCheck: false,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${id}-error` : undefined,
        } as const;
        return (
          <div key={field.name} className="flex flex-col gap-1.5">
            <Label htmlFor={id}>{field.label}</Label>
            {field.name === 'command' ? (
              // Several lines, as a pasted script has them (an input would join them with spaces
              // and run another command); Enter runs it, Shift+Enter starts a new line.
              <Textarea
                {...shared}
                rows={1}
                autoFocus
                onKeyDown={(event) => {
                  if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
                  event.preventDefault();
                  event.currentTarget.form?.requestSubmit();
                }}
                className="max-h-48 resize-none font-mono text-sm"
              />
            ) : field.name === 'env' ? (
              <Textarea {...shared} rows={2} className="max-h-40 font-mono text-sm" />
            ) : (
              <Input {...shared} className={field.mono ? 'font-mono text-sm' : undefined} />
            )}
            {error && (
              <p id={`${id}-error`} className="text-destructive text-xs">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <div className="flex items-start gap-3">
        <Switch
          id={`${formId}-tty`}
          name="tty"
          defaultChecked={values?.tty}
          aria-describedby={`${formId}-tty-note`}
          className="mt-0.5"
        />
        {screenSize && <input type="hidden" name="size" value={screenSize} />}
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${formId}-tty`}>Terminal</Label>
          <p id={`${formId}-tty-note`} className="text-muted-foreground text-xs">
            The program sees a terminal: prompts, colours and full-screen programs work, and you can type into it.
            stdout and stderr become one stream.
          </p>
        </div>
      </div>
      {state.status === 'error' && Object.keys(errors).length === 0 && (
        <p role="alert" className="text-destructive text-xs">
          {state.message}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Play aria-hidden />}
          Run
        </Button>
      </div>
    </form>
  );
}
