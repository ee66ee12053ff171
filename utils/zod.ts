import { z } from 'zod';

// zod 4 probes `new Function` for its JIT; extension pages and the MV3 service worker forbid eval,
// so every module takes zod from here, configured eval-free.
z.config({ jitless: true });

export { z };
