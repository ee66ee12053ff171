import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Dashboard } from '@/components/dashboard/Dashboard';
import '@/components/casefile.css';
import '@/components/dashboard/dashboard.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Dashboard />
  </StrictMode>,
);
