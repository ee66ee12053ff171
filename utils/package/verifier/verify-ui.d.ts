/** Types of verify-ui.js (the page wiring of verify.html). */
import type { BagReport } from './verify-core.js';

export function renderReport(report: BagReport, doc: Document): HTMLElement;
export function start(doc: Document): void;
