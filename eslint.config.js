import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noUnsanitized from 'eslint-plugin-no-unsanitized';

/**
 * Captured text is data, never markup in Casefile's pages: no unsanitized HTML sinks (innerHTML,
 * outerHTML, insertAdjacentHTML, document.write) and no React dangerouslySetInnerHTML.
 */
export default tseslint.config(
  { ignores: ['.output/**', '.output-e2e/**', '.wxt/**', 'node_modules/**', 'demo-output/**', 'test-results/**', 'tests/stand-in/assets/**', 'utils/deadlines/**', 'tests/unit/deadlines/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  noUnsanitized.configs.recommended,
  {
    languageOptions: {
      globals: {
        defineBackground: 'readonly',
        defineContentScript: 'readonly',
        defineUnlistedScript: 'readonly',
        browser: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Captured text is data: render it as text, never as markup.' },
        { selector: "CallExpression[callee.name='eval'], NewExpression[callee.name='Function']", message: 'No code from strings (MV3 CSP, and captured text is data).' },
      ],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'tests/stand-in/**', 'tests/e2e/**'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' },
    },
  },
);
