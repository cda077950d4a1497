import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { setupI18n } from './app/i18n.ts'
import { SessionProvider } from './app/session.tsx'
import { App } from './app/App.tsx'
import './ui/styles.css'

setupI18n()

const root = document.getElementById('root')
if (!root) throw new Error('#root missing from index.html')
createRoot(root).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
)
