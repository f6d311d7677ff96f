import { TokensSection } from './TokensSection';
import { UsersSection } from './UsersSection';

export default function UsersPage() {
  return (
    <section aria-labelledby="ur-h">
      <h1 id="ur-h">Users, roles and tokens</h1>
      <UsersSection />
      <TokensSection />
    </section>
  );
}
