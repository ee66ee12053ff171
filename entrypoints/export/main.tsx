import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ExportPage } from '@/components/ExportPage';
import '@/components/casefile.css';
import '@/components/dashboard/dashboard.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ExportPage />
  </StrictMode>,
);
