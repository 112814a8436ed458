export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServerLifecycle } = await import('./server/lifecycle');
  await startServerLifecycle();
}
