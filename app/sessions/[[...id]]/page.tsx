export default function SessionsPage() {
  return <main>Active Sessions</main>;
}
