// First, so that the background is asked for the page's status and the store's summary before
// React is even evaluated (modules run in the order they are imported).
import './ask';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import '@/components/casefile.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
