import { StrictMode } from 'react'
import { QueryClientProvider } from '@tanstack/react-query'
import { createRoot } from 'react-dom/client'
import { setupI18n } from './app/i18n.ts'
import { SessionProvider } from './app/session.tsx'
import { App } from './app/App.tsx'
import { createQueryClient } from './api/query-client.ts'
import './ui/styles.css'

setupI18n()

const root = document.getElementById('root')
if (!root) throw new Error('#root missing from index.html')
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
)
