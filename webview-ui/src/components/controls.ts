// The dashboard's controls: native buttons and badges styled by dashboard.css with VS Code's theme
// variables. Not @vscode/webview-ui-toolkit (deprecated by its maintainers in January 2025): its
// components write inline styles (a probe <style> element at load, a badge's style attribute),
// which the dashboard's Content Security Policy blocks, one console violation each time it opened.
import type { ActionNeedingTrust } from '../../../src/protocol/webviewMessages';

export interface ButtonOptions {
  label: string;
  appearance?: 'primary' | 'secondary' | 'icon';
  testId?: string;
  /** The action needs a trusted workspace: the button is disabled in Restricted Mode (see trust.ts). */
  needsTrust?: ActionNeedingTrust;
  onClick(): void;
}

export function button(options: ButtonOptions): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.textContent = options.label;
  el.className = `button ${options.appearance ?? 'secondary'}`;
  if (options.testId) el.dataset.testid = options.testId;
  if (options.needsTrust) el.dataset.needsTrust = options.needsTrust;
  el.addEventListener('click', () => {
    if (!el.hasAttribute('disabled')) options.onClick();
  });
  return el;
}

export function badge(text: string, testId?: string): HTMLElement {
  const el = document.createElement('span');
  el.className = 'badge';
  el.textContent = text;
  if (testId) el.dataset.testid = testId;
  return el;
}
