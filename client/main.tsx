// first: zod is made jitless (CSP) before any module builds a schema
import './lib/zod-jitless';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { App } from './app/app';
import { AuthGate } from './app/auth-gate';
import { createApiClient, createQueryClient, TRPCProvider } from './lib/trpc';

function Root() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createApiClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <AuthGate>
          <App />
        </AuthGate>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

// Back and Forward must not bring a signed-out atlas's data back from the back/forward cache (the
// page as it was, in memory): hidden as it is left, and loaded afresh if the browser restores it,
// so that the server says again who is signed in (after a quick exit: nobody, the sign-in page).
window.addEventListener('pagehide', (e) => {
  if (e.persisted) document.documentElement.hidden = true;
});
window.addEventListener('pageshow', (e) => {
  if (e.persisted) location.reload();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
