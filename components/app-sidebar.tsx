import { LogOut, MonitorX, SquareTerminal } from 'lucide-react';
import { logout, logoutEverywhere } from '@/app/login/actions';
import { NavLink } from './nav-link';

const SECTIONS = [
  {
    title: 'Build',
    items: [{ href: '/sessions', label: 'Active Sessions', icon: <SquareTerminal aria-hidden /> }],
  },
];

const SIDEBAR_BUTTON =
  'text-muted-foreground hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:ring-sidebar-ring flex h-8 w-full items-center gap-2 rounded-md px-2 text-sm outline-none focus-visible:ring-2 [&_svg]:size-4';

/** The app's navigation: a sidebar on wide screens, a bar on top of the page on narrow ones. */
export function AppSidebar() {
  return (
    <aside
      data-slot="sidebar"
      className="bg-sidebar text-sidebar-foreground flex shrink-0 items-center gap-4 border-b px-3 py-2 md:w-60 md:flex-col md:items-stretch md:gap-6 md:border-r md:border-b-0 md:px-3 md:py-4"
    >
      <div className="flex items-center gap-2 px-2 font-semibold tracking-tight">
        <span className="bg-primary text-primary-foreground grid size-7 place-items-center rounded-md">
          <SquareTerminal className="size-4" aria-hidden />
        </span>
        <span className="hidden sm:inline">Active Sessions</span>
      </div>
      <nav aria-label="Main" className="flex flex-1 items-center gap-4 md:flex-col md:items-stretch">
        {SECTIONS.map((section) => (
          <div key={section.title} className="flex items-center gap-2 md:flex-col md:items-stretch md:gap-1">
            <h2 className="text-muted-foreground hidden px-2 text-xs font-medium md:block">{section.title}</h2>
            <ul className="flex gap-1 md:flex-col">
              {section.items.map((item) => (
                <li key={item.href}>
                  <NavLink href={item.href} icon={item.icon}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <div className="flex md:flex-col">
        <form action={logout}>
          <button type="submit" aria-label="Log out" className={SIDEBAR_BUTTON}>
            <LogOut aria-hidden />
            <span className="hidden md:inline">Log out</span>
          </button>
        </form>
        <form action={logoutEverywhere}>
          <button
            type="submit"
            aria-label="Log out everywhere"
            title="End every login, in every browser, this one included"
            className={SIDEBAR_BUTTON}
          >
            <MonitorX aria-hidden />
            <span className="hidden md:inline">Log out everywhere</span>
          </button>
        </form>
      </div>
    </aside>
  );
}
