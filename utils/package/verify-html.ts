import coreSource from './verifier/verify-core.js?raw';
import uiSource from './verifier/verify-ui.js?raw';
import { escapeHtml } from './text';

/**
 * verify.html, at the top of every package: the recipient opens it from the unzipped folder (or
 * points it at the ZIP) and it recomputes every SHA-256 offline. Its script is verify-core.js and
 * verify-ui.js as they are in the source tree, in one inline module; the content security policy
 * allows that inline script and inline styles, and nothing else (no network, no other scripts).
 */
export const VERIFY_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** The UI imports the core from its own file; inline, both share one module instead. */
const UI_IMPORT = /^import \{[^}]*\} from '\.\/verify-core\.js';\r?\n/;

/** The verifier's script as inlined: the core, then the page wiring. */
export function verifierScript(): string {
  if (!UI_IMPORT.test(uiSource)) throw new Error('verify-ui.js must start with its import of verify-core.js');
  const script = `${coreSource}\n${uiSource.replace(UI_IMPORT, '')}`;
  // Inside <script>, only "</script" (or "<!--") could end or confuse the element early.
  if (/<\/script|<!--/i.test(script)) throw new Error('The verifier script may not contain "</script" or "<!--"');
  return script;
}

const STYLE = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 2rem auto; max-width: 64rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; }
.pick { border: 1px solid #999; border-radius: 6px; padding: .8rem 1rem; margin: .6rem 0; }
.pick label { display: block; font-weight: 600; margin-bottom: .3rem; }
input[type=text] { width: 100%; font: 13px ui-monospace, Consolas, monospace; }
.verdict { font-size: 1.1rem; font-weight: 700; padding: .6rem .8rem; border-radius: 6px; }
.verdict.ok { background: #dcfce7; color: #14532d; }
.verdict.bad { background: #fee2e2; color: #7f1d1d; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
.hash { font: 12px ui-monospace, Consolas, monospace; overflow-wrap: anywhere; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: .2rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
tr.st-ok td:first-child { color: #166534; }
tr.st-changed, tr.st-missing, tr.st-unexpected, tr.st-unreadable { background: #fee2e2; font-weight: 600; }
tr.st-ignored { color: #666; }
.problems li { color: #7f1d1d; }
code { font: 13px ui-monospace, Consolas, monospace; }
`;

export function verifyHtml(packageId: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${VERIFY_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Check this Casefile evidence package</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Check this evidence package</h1>
<p>Package <code>${escapeHtml(packageId)}</code>. This page recomputes the SHA-256 of every file in the package and compares it with the lists made when the package was written (manifest-sha256.txt and tagmanifest-sha256.txt). It reports each file as OK, changed, missing or unexpected, checks the chain of the audit log, and shows the package digest. It works offline: nothing leaves this computer, and the page's security policy forbids any network request.</p>
<div class="pick"><label for="ticket-digest">Optional: the package digest quoted in the support ticket</label><input type="text" id="ticket-digest" placeholder="64 hexadecimal characters" autocomplete="off" spellcheck="false"></div>
<div class="pick"><label for="pick-folder">Choose the unzipped package folder (the folder that holds this page)</label><input type="file" id="pick-folder" webkitdirectory multiple></div>
<div class="pick"><label for="pick-zip">…or choose the package ZIP file itself</label><input type="file" id="pick-zip" accept=".zip,application/zip"></div>
<p id="status" role="status" aria-live="polite"></p>
<div id="result"></div>
<noscript><p><b>This check needs JavaScript.</b> Without it, use the commands below.</p></noscript>
<h2>Checking without this page</h2>
<p>The package is a BagIt bag (RFC 8493). In the package folder, <code>sha256sum -c manifest-sha256.txt</code> (Linux) or <code>shasum -a 256 -c manifest-sha256.txt</code> (macOS) checks every file in data/; any BagIt tool (for example <code>bagit.py --validate</code>) checks the whole bag. The package digest is the SHA-256 of manifest-sha256.txt: <code>sha256sum manifest-sha256.txt</code>, to compare with Casefile-Package-Digest in bag-info.txt and with the support ticket.</p>
<script type="module">
${verifierScript()}
</script>
</body>
</html>
`;
}
