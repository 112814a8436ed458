import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: 'Active Sessions',
  description: "Watch and control your agent's background commands live.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
