import { useEffect, useState } from 'react';

/** Routes as `#/view/id`, so views can be linked, bookmarked and opened from the popup. */
export function useHashRoute(): [string[], (path: string) => void] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const onChange = () => setParts(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [parts, (path: string) => void (location.hash = `#/${path}`)];
}
